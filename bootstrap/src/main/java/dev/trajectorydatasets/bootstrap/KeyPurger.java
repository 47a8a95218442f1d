package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.application.DatasetManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Forgets the stored answers of idempotency keys older than {@code keepKeys}, and leases that ran out more than
 * {@code keepLeases} ago, every {@code every}, on a thread of its own: short batches of deletes by age, so purging
 * never holds requests up. A failed purge is logged and tried again next time.
 */
final class KeyPurger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyPurger.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "idempotency-key-purger");
        thread.setDaemon(true);
        return thread;
    });

    KeyPurger(DatasetManager manager, Duration keepKeys, Duration keepLeases, Duration every) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                long purged = manager.purgeIdempotencyKeys(keepKeys);
                if (purged > 0) {
                    LOG.info("forgot {} idempotency keys older than {}", purged, keepKeys);
                }
                long leases = manager.purgeLeases(keepLeases);
                if (leases > 0) {
                    LOG.info("forgot {} leases that ran out more than {} ago", leases, keepLeases);
                }
            } catch (RuntimeException e) {
                LOG.warn("purging idempotency keys or leases failed, will try again: {}", e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
