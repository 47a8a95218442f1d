package dev.trajectorydatasets.application.claim;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.activity.ActivityMark;
import dev.trajectorydatasets.domain.activity.StoreActivity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where claims that wait for enough data wait: no thread per waiter and no query per waiter per tick. A waiter is
 * tried again only when something may have made records of its run eligible: a write through this process (a
 * create, an update, a release, a checkpoint: {@link #wake}), or activity other processes caused, which one poll
 * of the store ({@link dev.trajectorydatasets.domain.activity.ActivityFeed#since}) every {@link #POLL} notices while anyone waits; and once more at
 * its deadline, when it answers whatever it finds.
 *
 * <p>One thread only keeps time (deadlines, polls) and never waits on the store. Tries after a wake-up and polls run
 * on {@link #TRY_THREADS} threads, so waiting claims use at most that many database connections for them between
 * them; a waiter has at most one try at a time. Last tries (a deadline, a closing room) run on
 * {@link #LAST_TRY_THREADS} threads of their own, so a waiter is answered within its wait plus one try of its own
 * (issue 30: with one thread for everything, waiters queued behind each other's tries for seconds, and a stopping
 * server answered 20 of them one after another). At most {@code limit} claims wait at once; past that a wait is
 * refused ({@link TooManyWaitersException}). A waiter whose caller has gone ({@link ReadyAttempt#abandoned()},
 * checked before every try and every {@link #ABANDON_CHECK}) stops waiting and takes nothing: it fails with
 * {@link ClaimAbandonedException}.
 */
public final class WaitRoom implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(100);
    /** How often every waiter is asked whether its caller is still there (a multiple of {@link #POLL}). */
    static final Duration ABANDON_CHECK = Duration.ofMillis(500);
    public static final int DEFAULT_LIMIT = 1_000;
    /** Threads for the tries wake-ups cause (and the polls): one, as the pool's sizing (API + 1) assumes. */
    static final int TRY_THREADS = 1;
    /** Tries that take nothing a run's pass after a wake-up makes before it stops (see {@link #drain}). */
    static final int FUTILE_TRIES = 4;
    /** Threads for last tries (deadlines, closing), apart from the others so they never queue behind them. */
    static final int LAST_TRY_THREADS = 4;
    /** Longest {@link #close} waits for the last tries it started. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(WaitRoom.class.getName());

    private final DatasetPort port;
    private final int limit;
    private final Object lock = new Object();
    /** Waiters by run (empty: claims of any run), oldest first. */
    private final Map<String, Set<Waiter<?>>> byRun = new TreeMap<>();
    /** Runs woken since the last drain; {@link #EVERY_RUN} for all. */
    private final Set<String> woken = new HashSet<>();
    private static final String EVERY_RUN = "\u0000every";
    private static final String NO_RUN = "";
    private final AtomicBoolean polling = new AtomicBoolean();
    private ScheduledExecutorService clock;
    private ThreadPoolExecutor tries;
    private ThreadPoolExecutor lastTries;
    private ScheduledFuture<?> poller;
    private volatile Optional<ActivityMark> mark = Optional.empty();
    private int waiting;
    private int pollsSinceAbandonCheck;
    private boolean drainScheduled;
    private boolean closed;

    public WaitRoom(DatasetPort port, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        this.port = port;
        this.limit = limit;
    }

    /**
     * Tries {@code attempt} now; when it takes nothing, waits up to {@code wait} for it to take something. The
     * future completes with the first answer, or fails with what the last try threw.
     */
    <T> CompletableFuture<T> await(Optional<RunId> run, Duration wait, ReadyAttempt<T> attempt) {
        boolean last = wait.isZero() || wait.isNegative();
        Optional<T> now = attempt.attempt(last || isClosed());
        if (now.isPresent()) {
            return CompletableFuture.completedFuture(now.get());
        }
        Waiter<T> waiter = new Waiter<>(run.map(RunId::value).orElse(NO_RUN), attempt);
        synchronized (lock) {
            if (closed) {
                return tryLast(waiter);
            }
            if (waiting >= limit) {
                throw new TooManyWaitersException(limit);
            }
            waiting++;
            byRun.computeIfAbsent(waiter.run, r -> new LinkedHashSet<>()).add(waiter);
            start();
            waiter.deadline = clock.schedule(() -> lastTry(waiter), wait.toMillis(), TimeUnit.MILLISECONDS);
            if (poller == null) {
                // The first poll only takes a mark and then tries every waiter once more (see poll): what happened
                // before the mark, that try sees; what happens after it, the next poll sees.
                mark = Optional.empty();
                poller = clock.scheduleWithFixedDelay(this::schedulePoll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
            // What arrived between the first try and now woke nobody: try this waiter once more.
            RoomThreads.execute(tries, () -> retry(waiter));
        }
        return waiter.future;
    }

    /** Something may have made records of {@code run} eligible (empty: of any run, or records without one). */
    public void wake(Optional<RunId> run) {
        synchronized (lock) {
            if (waiting > 0) {
                wakeLocked(run.map(RunId::value).orElse(EVERY_RUN));
            }
        }
    }

    /** How many claims wait now. */
    public int waiting() {
        synchronized (lock) {
            return waiting;
        }
    }

    /**
     * Answers every waiter at once, each tried one last time in parallel (waiting up to {@link #CLOSE_WAIT} for
     * those tries), and answers later waits without waiting.
     */
    @Override
    public void close() {
        List<Waiter<?>> all = new ArrayList<>();
        ScheduledExecutorService timing;
        ThreadPoolExecutor retrying;
        ThreadPoolExecutor finishing;
        synchronized (lock) {
            closed = true;
            byRun.values().forEach(all::addAll);
            timing = clock;
            retrying = tries;
            finishing = lastTries;
        }
        if (timing != null) {
            timing.shutdownNow();
        }
        if (retrying != null) {
            retrying.shutdown();
        }
        if (finishing == null) {
            all.forEach(this::finish);
            return;
        }
        all.forEach(waiter -> finishing.execute(() -> finish(waiter)));
        finishing.shutdown();
        try {
            if (!finishing.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "waiting claims' last tries were still running when the room closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private <T> CompletableFuture<T> tryLast(Waiter<T> waiter) {
        try {
            return CompletableFuture.completedFuture(waiter.attempt.attempt(true).orElseThrow());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The threads, made when the first claim waits. Called holding {@link #lock}. */
    private void start() {
        if (clock == null) {
            clock = Executors.newSingleThreadScheduledExecutor(RoomThreads.named("datasets-wait-room"));
            tries = RoomThreads.pool(TRY_THREADS, "datasets-wait-try");
            lastTries = RoomThreads.pool(LAST_TRY_THREADS, "datasets-wait-last-try");
        }
    }

    private void wakeLocked(String run) {
        woken.add(run);
        if (!drainScheduled && tries != null && !closed) {
            drainScheduled = true;
            tries.execute(this::drain);
        }
    }

    /**
     * Tries the waiters of the runs woken since the last drain, oldest first, each run until {@link #FUTILE_TRIES} of
     * its tries took nothing (issue 33: trying every waiter of a run, each try a transaction on the one try thread,
     * was mostly in vain when many trainers wait for little data). A waiter whose try took nothing goes to the back of
     * its run; a waiter not reached is tried at the next wake-up of its run, or last at its deadline.
     */
    private void drain() {
        List<List<Waiter<?>>> due = new ArrayList<>();
        synchronized (lock) {
            drainScheduled = false;
            boolean every = woken.contains(EVERY_RUN);
            for (Map.Entry<String, Set<Waiter<?>>> run : byRun.entrySet()) {
                if (every || woken.contains(run.getKey()) || run.getKey().equals(NO_RUN)) {
                    due.add(new ArrayList<>(run.getValue()));
                }
            }
            woken.clear();
        }
        for (List<Waiter<?>> run : due) {
            for (int i = 0, futile = 0; i < run.size() && futile < FUTILE_TRIES; i++) {
                if (!retry(run.get(i))) {
                    futile++;
                    toTheBack(run.get(i));
                }
            }
        }
    }

    /** Moves a waiter still waiting behind the others of its run. */
    private void toTheBack(Waiter<?> waiter) {
        synchronized (lock) {
            Set<Waiter<?>> run = byRun.get(waiter.run);
            if (run != null && run.remove(waiter)) {
                run.add(waiter);
            }
        }
    }

    /** Tries a waiter again (one try of it at a time, so no try takes rows its answer would not carry): false if it took nothing. */
    private <T> boolean retry(Waiter<T> waiter) {
        synchronized (waiter) {
            if (waiter.future.isDone() || leftIfAbandoned(waiter)) {
                return true;
            }
            try {
                Optional<T> answer = waiter.attempt.attempt(false);
                answer.ifPresent(value -> done(waiter, () -> waiter.future.complete(value)));
                return answer.isPresent();
            } catch (RuntimeException e) {
                done(waiter, () -> waiter.future.completeExceptionally(e));
                return true;
            }
        }
    }

    /** The deadline: the last try runs on its own threads, never behind other waiters' tries. */
    private void lastTry(Waiter<?> waiter) {
        ThreadPoolExecutor finishing;
        synchronized (lock) {
            finishing = lastTries;
        }
        RoomThreads.execute(finishing, () -> finish(waiter));
    }

    /** The deadline (or the room closing): one last try, whose answer is the waiter's, whatever it found. */
    private <T> void finish(Waiter<T> waiter) {
        synchronized (waiter) {
            if (waiter.future.isDone() || leftIfAbandoned(waiter)) {
                return;
            }
            try {
                T answer = waiter.attempt.attempt(true).orElseThrow();
                done(waiter, () -> waiter.future.complete(answer));
            } catch (RuntimeException e) {
                done(waiter, () -> waiter.future.completeExceptionally(e));
            }
        }
    }

    /** Ends a waiter whose caller has gone, untried; whether it had. */
    private boolean leftIfAbandoned(Waiter<?> waiter) {
        boolean gone;
        try {
            gone = waiter.attempt.abandoned();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "a waiter's caller could not be checked", e);
            gone = false;
        }
        if (gone) {
            done(waiter, () -> waiter.future.completeExceptionally(new ClaimAbandonedException()));
        }
        return gone;
    }

    /** Ends every waiter whose caller has gone (a waiter in a try is left to that try's own check). */
    private void sweepAbandoned() {
        List<Waiter<?>> all = new ArrayList<>();
        synchronized (lock) {
            byRun.values().forEach(all::addAll);
        }
        for (Waiter<?> waiter : all) {
            if (!waiter.future.isDone() && waiter.attempt.abandoned()) {
                synchronized (waiter) {
                    if (!waiter.future.isDone()) {
                        leftIfAbandoned(waiter);
                    }
                }
            }
        }
    }

    private void done(Waiter<?> waiter, Runnable complete) {
        synchronized (lock) {
            Set<Waiter<?>> run = byRun.get(waiter.run);
            if (run != null && run.remove(waiter)) {
                waiting--;
                if (run.isEmpty()) {
                    byRun.remove(waiter.run);
                }
                if (waiter.deadline != null) {
                    waiter.deadline.cancel(false);
                }
                if (waiting == 0 && poller != null) {
                    poller.cancel(false);
                    poller = null;
                }
            }
        }
        complete.run();
    }

    /** The timing thread only hands the poll to a try thread (one poll at a time): it never waits on the store. */
    private void schedulePoll() {
        ThreadPoolExecutor retrying;
        synchronized (lock) {
            retrying = tries;
        }
        if (retrying != null && polling.compareAndSet(false, true)) {
            try {
                retrying.execute(() -> {
                    try {
                        poll();
                    } finally {
                        polling.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                polling.set(false);
            }
        }
    }

    /** Asks the store what other processes did since the last look, and wakes the runs concerned. */
    private void poll() {
        if (++pollsSinceAbandonCheck * POLL.toMillis() >= ABANDON_CHECK.toMillis()) {
            pollsSinceAbandonCheck = 0;
            sweepAbandoned();
        }
        try {
            boolean first = mark.isEmpty();
            StoreActivity activity = port.activity().since(mark);
            mark = Optional.of(activity.next());
            if (first) {
                // A try that ran before this mark was taken (a wake's drain queued earlier, the waiter's first try)
                // may have missed what happened between it and the mark, which no later poll reports: try again.
                synchronized (lock) {
                    wakeLocked(EVERY_RUN);
                }
            } else if (activity.any()) {
                synchronized (lock) {
                    if (activity.outsideRuns()) {
                        wakeLocked(EVERY_RUN);
                    } else {
                        activity.runs().forEach(run -> wakeLocked(run.value()));
                    }
                }
            }
        } catch (RuntimeException e) {
            // The store may be down for a moment: waiters are still answered at their deadline.
            LOG.log(System.Logger.Level.DEBUG, "waiting claims could not poll the store", e);
        }
    }

    private static final class Waiter<T> {
        final String run;
        final ReadyAttempt<T> attempt;
        final CompletableFuture<T> future = new CompletableFuture<>();
        ScheduledFuture<?> deadline;

        Waiter(String run, ReadyAttempt<T> attempt) {
            this.run = run;
            this.attempt = attempt;
        }
    }
}
