package dev.trajectorydatasets.adapter.mysql.archfixture;

import dev.trajectorydatasets.application.DatasetManager;

/** A deliberate violation (test code only): a driven adapter must not know the use cases that drive it. */
public final class StoreReachingForTheUseCases {

    public long count(DatasetManager manager) {
        return manager.countDatasets();
    }
}
