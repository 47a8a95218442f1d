package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetPortContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The whole contract on the embedded H2 file store, the default when no MySQL server is configured. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2DatasetStoreTest extends DatasetPortContract {

    @TempDir
    static Path directory;
    private final List<MyBatisDatasetStore> stores = new ArrayList<>();
    private MyBatisDatasetStore store;

    @BeforeAll
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterAll
    void closeStores() {
        stores.forEach(MyBatisDatasetStore::close);
    }

    private MyBatisDatasetStore newStore() {
        try {
            MyBatisDatasetStore opened = DatasetStores.h2(Files.createTempDirectory(directory, "store"));
            stores.add(opened);
            opened.migrate();
            return opened;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    protected DatasetPort store() {
        return store;
    }

    @Override
    protected DatasetPort freshStore() {
        return newStore();
    }
}
