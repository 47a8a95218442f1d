package dev.trajectorydatasets.application.claim;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.domain.RunId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Waiters do not queue behind each other's tries (issue 30, point 5: with one thread for every try, a waiter with
 * {@code wait_ms} 1,000 was answered after 12-17 s, and a stopping server with 20 waiters took 43.8 s to exit). Tries
 * here take 400 ms each, as a slow store's would; the bounds are several times what the room needs.
 */
class WaitRoomPaceTest {

    private static final Duration SLOW_TRY = Duration.ofMillis(400);

    private final DatasetManager manager = new DatasetManager(new InMemoryDatasetStore(), Clock.systemUTC(), 100);

    @AfterEach
    void stop() {
        manager.close();
    }

    /**
     * A claim that never finds enough: its first try (on the caller's thread) is quick, each later try that may be
     * followed by another takes {@code SLOW_TRY}, its last try {@code lastTry}.
     */
    private CompletableFuture<String> slowWaiter(String run, Duration wait, Duration lastTry) {
        AtomicInteger tries = new AtomicInteger();
        return manager.whenReady(Optional.of(RunId.of(run)), wait, last -> {
            if (tries.getAndIncrement() > 0) {
                sleep(last ? lastTry : SLOW_TRY);
            }
            return last ? Optional.of("answered") : Optional.empty();
        });
    }

    @Test
    void twenty_waiters_woken_again_and_again_are_each_answered_within_their_wait_plus_a_try_of_their_own() throws Exception {
        List<CompletableFuture<String>> waiters = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            waiters.add(slowWaiter("busy", Duration.ofSeconds(1), Duration.ZERO));
        }
        CompletableFuture<Void> wakes = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 30; i++) {
                manager.createDataset(CreateDatasetCommand.of("busy-" + i).inRun("busy"));
                sleep(Duration.ofMillis(100));
            }
        });

        for (CompletableFuture<String> waiter : waiters) {
            assertEquals("answered", waiter.get(10, TimeUnit.SECONDS));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("the last of 20 waiters of 1 s was answered after " + millis + " ms");
        assertTrue(millis < 1_000 + SLOW_TRY.toMillis() + 1_500, "the last of 20 waiters of 1 s was answered after " + millis + " ms");
        wakes.get(10, TimeUnit.SECONDS);
    }

    @Test
    void closing_answers_twenty_waiters_at_once_not_one_after_another() throws Exception {
        List<CompletableFuture<String>> waiters = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiters.add(slowWaiter("stop-" + i, Duration.ofSeconds(30), SLOW_TRY));
        }
        long start = System.nanoTime();

        manager.stopWaiting();

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        for (CompletableFuture<String> waiter : waiters) {
            assertEquals("answered", waiter.getNow("not yet"));
        }
        assertTrue(millis < 20 * SLOW_TRY.toMillis() / 2, "20 last tries of 400 ms took " + millis + " ms (one after another: 8,000)");
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
