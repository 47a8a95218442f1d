package dev.trajectorydatasets.adapter.inmemory;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetPortContract;

class InMemoryDatasetStoreTest extends DatasetPortContract {

    private final DatasetPort store = new InMemoryDatasetStore();

    @Override
    protected DatasetPort store() {
        return store;
    }

    @Override
    protected DatasetPort freshStore() {
        return new InMemoryDatasetStore();
    }
}
