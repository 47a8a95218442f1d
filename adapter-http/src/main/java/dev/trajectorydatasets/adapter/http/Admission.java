package dev.trajectorydatasets.adapter.http;

import io.javalin.http.Handler;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many API requests work on the store at once: no more than its connection pool can serve, the rest wait
 * here, in arrival order, for up to the queue wait. So a burst of heavy requests queues in the server instead of
 * timing out on the pool (whose short timeout is kept for telling a database outage fast), and what cannot be
 * served within the wait is a 503 {@code server_busy} with {@code Retry-After}, never a 500.
 */
final class Admission {

    private final Semaphore permits;
    private final long waitMillis;

    Admission(int concurrency, long waitMillis) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.permits = new Semaphore(concurrency, true);
        this.waitMillis = waitMillis;
    }

    Handler admitted(Handler handler) {
        return ctx -> {
            if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new HttpFailure(503, "server_busy", "the server is at capacity; try again shortly", Optional.empty())
                        .retryAfter(1);
            }
            try {
                handler.handle(ctx);
            } finally {
                permits.release();
            }
        };
    }
}
