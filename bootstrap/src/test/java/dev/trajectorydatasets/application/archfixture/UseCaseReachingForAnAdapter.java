package dev.trajectorydatasets.application.archfixture;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;

/** A deliberate violation (test code only): a use case must not know an adapter. */
public final class UseCaseReachingForAnAdapter {

    public Object store() {
        return new InMemoryDatasetStore();
    }
}
