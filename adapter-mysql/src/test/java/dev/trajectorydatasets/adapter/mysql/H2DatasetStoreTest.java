package dev.trajectorydatasets.adapter.mysql;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The whole contract on the embedded H2 file store, the default when no MySQL server is configured. */
class H2DatasetStoreTest extends MyBatisStoreContract {

    @TempDir
    static Path directory;

    @Override
    protected MyBatisDatasetStore openEmpty() {
        try {
            return DatasetStores.h2(Files.createTempDirectory(directory, "store"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
