package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.StoreUnavailableException;
import dev.trajectorydatasets.embedded.OpenedStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private final OpenedStore store;
    private final AtomicBoolean migrated = new AtomicBoolean();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "schema-migration-retry");
        thread.setDaemon(true);
        return thread;
    });

    private ServedStore(OpenedStore store) {
        this.store = store;
    }

    static ServedStore open(OpenedStore store) {
        ServedStore served = new ServedStore(store);
        served.migrateOrRetry();
        return served;
    }

    private void migrateOrRetry() {
        try {
            store.migrate();
            migrated.set(true);
        } catch (StoreUnavailableException e) {
            LOG.warn("store {} is unavailable{}; serving 503 and retrying the schema migration every 2 s", store.description(),
                    Causes.reason(e));
            retries.scheduleWithFixedDelay(() -> {
                try {
                    store.migrate();
                    migrated.set(true);
                    LOG.info("store {} is reachable; schema migrated", store.description());
                    retries.shutdown();
                } catch (RuntimeException stillDown) {
                    LOG.debug("store still unavailable");
                }
            }, 2, 2, TimeUnit.SECONDS);
        }
    }

    DatasetPort port() {
        return store.port();
    }

    String description() {
        return store.description();
    }

    boolean available() {
        return migrated.get() && store.available();
    }

    @Override
    public void close() {
        retries.shutdownNow();
        store.close();
    }
}
