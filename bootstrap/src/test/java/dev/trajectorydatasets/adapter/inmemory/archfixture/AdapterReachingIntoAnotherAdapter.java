package dev.trajectorydatasets.adapter.inmemory.archfixture;

import dev.trajectorydatasets.adapter.mysql.MyBatisDatasetStore;

/** A deliberate violation (test code only): one adapter must not use another. */
public final class AdapterReachingIntoAnotherAdapter {

    public String describe(MyBatisDatasetStore store) {
        return store.description();
    }
}
