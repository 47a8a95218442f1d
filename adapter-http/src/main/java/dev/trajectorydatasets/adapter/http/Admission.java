package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.adapter.http.shared.HttpFailure;
import dev.trajectorydatasets.domain.StoreUnavailableException;
import io.javalin.http.Handler;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many API requests work on the store at once: no more than its connection pool can serve; the rest wait
 * here, strictly in arrival order, for up to the queue wait. So a burst of heavy requests queues in the server
 * instead of timing out on the pool (whose short timeout is kept for telling a database outage fast), and what
 * cannot be served within the wait is a 503 {@code server_busy} with {@code Retry-After}, never a 500.
 *
 * <p>A turn that ends is handed to the oldest waiter directly, so a waiter keeps its place however long it waits
 * (issue 33: waiters that looked again every 100 ms lost their place each time, and at 256 clients some waited
 * 20 s while later ones went first). Claims queue in a lane of their own, and while both lanes wait, turns
 * alternate between them: at 256 clients, three quarters of them trainers, creates queued 1.2 s in one line behind
 * claims that mostly waited for those very creates; served first, the creates took every turn and the claims waited
 * 15 s (issue 33, ManyClientsBenchmark).
 *
 * <p>While the store's last answer was "unavailable" (a database outage), a request that would have to queue is
 * answered 503 {@code store_unavailable} at once, and the outage wakes those already queued to answer the same,
 * instead of waiting behind requests that each wait for the pool's timeout (issue 30: under load, some 503s of an
 * outage took 7.8 s). A request that gets a turn still goes to the store, so the first to succeed ends the outage.
 */
final class Admission {

    private final long waitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    /** Queued requests other than claims, oldest first. */
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    /** Queued claims, oldest first. */
    private final ArrayDeque<Waiter> claims = new ArrayDeque<>();
    /** Whether the last turn handed over while both lanes waited went to a claim. */
    private boolean claimServedLast;
    /** Turns nobody holds (only while nobody queues: a turn that ends goes to a waiter first). */
    private int free;
    /** Whether the last request that reached the store found it unavailable (set under the lock). */
    private volatile boolean storeDown;

    /** A queued request: given its turn by {@link #release}, or told by {@link #markDown} the store is down. */
    private static final class Waiter {
        final Condition signal;
        boolean granted;

        Waiter(Condition signal) {
            this.signal = signal;
        }
    }

    Admission(int concurrency, long waitMillis) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.free = concurrency;
        this.waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
    }

    /** {@code handler} taking its turn at the store; {@code claim}: in the claims' lane. */
    Handler admitted(Handler handler, boolean claim) {
        return ctx -> {
            acquire(claim ? claims : queue);
            try {
                handler.handle(ctx);
                storeUp();
            } catch (StoreUnavailableException unavailable) {
                // Only an unreachable database: a busy pool says nothing about whether the next request can be served.
                if (unavailable.databaseDown()) {
                    markDown();
                }
                throw unavailable;
            } finally {
                release();
            }
        };
    }

    private void acquire(ArrayDeque<Waiter> lane) throws InterruptedException {
        lock.lock();
        try {
            if (free > 0) {     // a free turn means nobody queues
                free--;
                return;
            }
            Waiter waiter = new Waiter(lock.newCondition());
            lane.addLast(waiter);
            long left = waitNanos;
            try {
                while (!waiter.granted) {
                    if (storeDown) {
                        throw new StoreUnavailableException("the database is unavailable; try again shortly", null);
                    }
                    if (left <= 0) {
                        throw HttpFailure.serverBusy("the server is at capacity; try again shortly");
                    }
                    left = waiter.signal.awaitNanos(left);
                }
            } catch (RuntimeException | InterruptedException gaveUp) {
                if (waiter.granted) {
                    releaseLocked();        // the turn came as it gave up: pass it on
                } else {
                    lane.remove(waiter);
                }
                throw gaveUp;
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many requests wait for a turn now. */
    int queued() {
        lock.lock();
        try {
            return queue.size() + claims.size();
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        lock.lock();
        try {
            releaseLocked();
        } finally {
            lock.unlock();
        }
    }

    private void releaseLocked() {
        ArrayDeque<Waiter> lane = queue.isEmpty() ? claims : claims.isEmpty() ? queue : claimServedLast ? queue : claims;
        if (!queue.isEmpty() && !claims.isEmpty()) {
            claimServedLast = lane == claims;
        }
        Waiter next = lane.pollFirst();
        if (next == null) {
            free++;
        } else {
            next.granted = true;
            next.signal.signal();
        }
    }

    private void storeUp() {
        if (storeDown) {
            storeDown = false;
        }
    }

    private void markDown() {
        lock.lock();
        try {
            storeDown = true;
            queue.forEach(waiter -> waiter.signal.signal());
            claims.forEach(waiter -> waiter.signal.signal());
        } finally {
            lock.unlock();
        }
    }
}
