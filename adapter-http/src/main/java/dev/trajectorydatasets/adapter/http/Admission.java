package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.adapter.http.shared.HttpFailure;
import dev.trajectorydatasets.domain.StoreUnavailableException;
import io.javalin.http.Handler;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many API requests work on the store at once: no more than its connection pool can serve, the rest wait
 * here, roughly in arrival order (a waiter looks again every 100 ms), for up to the queue wait. So a burst of heavy requests queues in the server instead of
 * timing out on the pool (whose short timeout is kept for telling a database outage fast), and what cannot be
 * served within the wait is a 503 {@code server_busy} with {@code Retry-After}, never a 500.
 *
 * <p>While the store's last answer was "unavailable" (a database outage), a request that would have to queue is
 * answered 503 {@code store_unavailable} at once instead of waiting behind requests that each wait for the pool's
 * timeout (issue 30: under load, some 503s of an outage took 7.8 s). A request that finds a free slot still goes
 * to the store, so the first one to succeed ends the outage for all.
 */
final class Admission {

    /** How often a queued request looks whether the store went down meanwhile. */
    private static final long LOOK_MILLIS = 100;

    private final Semaphore permits;
    private final long waitMillis;
    /** Whether the last request that reached the store found it unavailable. */
    private final AtomicBoolean storeDown = new AtomicBoolean();

    Admission(int concurrency, long waitMillis) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.permits = new Semaphore(concurrency, true);
        this.waitMillis = waitMillis;
    }

    Handler admitted(Handler handler) {
        return ctx -> {
            acquire();
            try {
                handler.handle(ctx);
                storeDown.set(false);
            } catch (StoreUnavailableException unavailable) {
                // Only an unreachable database: a busy pool says nothing about whether the next request can be served.
                if (unavailable.databaseDown()) {
                    storeDown.set(true);
                }
                throw unavailable;
            } finally {
                permits.release();
            }
        };
    }

    private void acquire() throws InterruptedException {
        if (permits.tryAcquire()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            if (storeDown.get()) {
                throw new StoreUnavailableException("the database is unavailable; try again shortly", null);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new HttpFailure(503, "server_busy", "the server is at capacity; try again shortly", Optional.empty())
                        .retryAfter(1);
            }
            if (permits.tryAcquire(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, LOOK_MILLIS), TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }
}
