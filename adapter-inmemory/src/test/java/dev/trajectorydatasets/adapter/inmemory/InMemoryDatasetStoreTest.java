package dev.trajectorydatasets.adapter.inmemory;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetPortContract;

import java.time.Clock;

class InMemoryDatasetStoreTest extends DatasetPortContract {

    private final InMemoryDatasetStore store = new InMemoryDatasetStore();

    @Override
    protected DatasetPort store() {
        return store;
    }

    @Override
    protected DatasetPort storeAt(Clock clock) {
        return store.withClock(clock);
    }

    @Override
    protected DatasetPort freshStore() {
        return new InMemoryDatasetStore();
    }
}
