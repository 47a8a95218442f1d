package dev.trajectorydatasets.adapter.mysql.archfixture;

import dev.trajectorydatasets.embedded.DatasetManagers;

/** A deliberate violation (test code only): a store must not open managers through the composition root. */
public final class StoreReachingForTheFactory {

    public Object manager() {
        return DatasetManagers.inMemory();
    }
}
