package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.adapter.mysql.DatasetStores;
import dev.trajectorydatasets.adapter.mysql.MyBatisDatasetStore;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The store a server runs on. A database that is down at start does not stop the server: the schema migration
 * is retried every two seconds, and health reports the store down until it succeeds.
 */
final class ServedStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServedStore.class);

    private final DatasetPort port;
    private final Optional<MyBatisDatasetStore> sql;
    private final String description;
    private final AtomicBoolean migrated = new AtomicBoolean();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "schema-migration-retry");
        thread.setDaemon(true);
        return thread;
    });

    private ServedStore(DatasetPort port, Optional<MyBatisDatasetStore> sql, String description) {
        this.port = port;
        this.sql = sql;
        this.description = description;
    }

    static ServedStore open(StoreChoice choice) {
        if (choice instanceof StoreChoice.Memory) {
            ServedStore memory = new ServedStore(new InMemoryDatasetStore(), Optional.empty(), "memory");
            memory.migrated.set(true);
            return memory;
        }
        MyBatisDatasetStore store = choice instanceof StoreChoice.MySql mysql
                ? DatasetStores.mysql(mysql.settings())
                : DatasetStores.h2(((StoreChoice.Embedded) choice).directory());
        ServedStore served = new ServedStore(store, Optional.of(store), store.description());
        served.migrateOrRetry();
        return served;
    }

    private void migrateOrRetry() {
        MyBatisDatasetStore store = sql.orElseThrow();
        try {
            store.migrate();
            migrated.set(true);
        } catch (StoreUnavailableException e) {
            LOG.warn("store {} is unavailable; serving 503 and retrying the schema migration every 2 s", description);
            retries.scheduleWithFixedDelay(() -> {
                try {
                    store.migrate();
                    migrated.set(true);
                    LOG.info("store {} is reachable; schema migrated", description);
                    retries.shutdown();
                } catch (RuntimeException stillDown) {
                    LOG.debug("store still unavailable");
                }
            }, 2, 2, TimeUnit.SECONDS);
        }
    }

    DatasetPort port() {
        return port;
    }

    String description() {
        return description;
    }

    boolean available() {
        return migrated.get() && sql.map(MyBatisDatasetStore::isAvailable).orElse(true);
    }

    void reportPoolMetricsTo(Object meterRegistry) {
        sql.ifPresent(store -> store.reportPoolMetricsTo(meterRegistry));
    }

    @Override
    public void close() {
        retries.shutdownNow();
        port.close();
    }
}
