package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetPortContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The contract on a SQL database: each subclass says how to open a migrated store on an empty database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MyBatisStoreContract extends DatasetPortContract {

    private final List<MyBatisDatasetStore> opened = new ArrayList<>();
    private MyBatisDatasetStore shared;

    /** A new store, schema migrated, on a database nobody else uses. */
    protected abstract MyBatisDatasetStore openEmpty();

    /** Removes what {@link #openEmpty()} created, once every store is closed. */
    protected void cleanUp() {
    }

    @Override
    protected final synchronized DatasetPort store() {
        if (shared == null) {
            shared = freshStore();
        }
        return shared;
    }

    @Override
    protected final DatasetPort storeAt(Clock clock) {
        return ((MyBatisDatasetStore) store()).withClock(clock);
    }

    @Override
    protected final synchronized MyBatisDatasetStore freshStore() {
        MyBatisDatasetStore store = openEmpty();
        opened.add(store);
        store.migrate();
        return store;
    }

    @AfterAll
    final void closeStores() {
        opened.forEach(MyBatisDatasetStore::close);
        cleanUp();
    }
}
