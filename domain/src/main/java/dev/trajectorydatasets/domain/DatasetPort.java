package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.activity.ActivityFeed;
import dev.trajectorydatasets.domain.backup.BackupStore;
import dev.trajectorydatasets.domain.idempotency.AnswerStore;
import dev.trajectorydatasets.domain.checkpoint.CheckpointStore;
import dev.trajectorydatasets.domain.claim.ClaimStore;
import dev.trajectorydatasets.domain.claim.PauseStore;
import dev.trajectorydatasets.domain.group.ConsumerGroupStore;
import dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.lease.LeaseStore;
import dev.trajectorydatasets.domain.overview.OverviewStore;
import dev.trajectorydatasets.domain.trajectory.TrajectoryStore;
import dev.trajectorydatasets.domain.usage.UsageCounter;
import dev.trajectorydatasets.domain.usage.UsageHistory;
import java.util.function.Function;

/**
 * Where trajectories are kept, and where the application starts: it hands out one port per capability and runs units
 * of work over them. Every store (in memory, MySQL, embedded H2) keeps the same promises, written down as the
 * {@code DatasetPortContract} test suite and its companions. Lists are ordered by id ascending. Failures are
 * {@link DatasetException}s: {@link DuplicateTrajectoryException}, {@link StoreUnavailableException} when the
 * store cannot be reached, {@link StoreBusyException} when lock conflicts outlasted the retries,
 * {@link StoreFailureException} otherwise; a failed call changes nothing.
 *
 * <p>Outside {@link #inTransaction}, each call on a capability port is a unit of its own.
 */
public interface DatasetPort extends AutoCloseable {

    /** Create, find, page, count, change and delete trajectories. */
    TrajectoryStore trajectories();

    /** Records with their usage history as a backup holds them, and checkpoints with their versions. */
    BackupStore backups();

    /** Set or add to trajectories' {@code used}. */
    UsageCounter usage();

    /** Take eligible trajectories (one by one or as task groups), counting or leasing them. */
    ClaimStore claims();

    /** Declare, list and delete runs' consumer groups. */
    ConsumerGroupStore consumerGroups();

    /** Pause and resume runs' claims. */
    PauseStore pauses();

    /** Settle, extend, list and forget leases. */
    LeaseStore leases();

    /** Register and list checkpoints. */
    CheckpointStore checkpoints();

    /** Idempotency keys and their stored answers. */
    AnswerStore answers();

    /** The usage events. */
    UsageHistory history();

    /** Read-only summaries: statistics, runs, tasks, model versions, timeline, histogram. */
    OverviewStore overviews();

    /** What waiting claims poll. */
    ActivityFeed activity();

    /**
     * Runs {@code work} as one unit: everything it does through the port it is given commits together, or, if it
     * throws, none of it does. The port given belongs to the calling thread for the duration of {@code work}.
     * When the database rolls the unit back to break a deadlock, the store runs {@code work} again (a few times,
     * after a short random wait), so {@code work} must have no effects outside the port.
     */
    <T> T inTransaction(Function<DatasetPort, T> work);

    /**
     * This store, writing {@code origin} (an idempotency key, a consumer) on every usage event that what is done
     * through the view produces, in its units of work too; and counting in the origin's consumer group: through the
     * view, {@link #usage()} and {@link #claims()} (and the leases they make) change that group's counts, and the reads
     * of {@link #trajectories()} (records, searches, counts) and {@link #overviews()} (statistics, runs, tasks,
     * timeline, histogram) show them. They need a run: a record of no run, or a claim, search or statistics naming no
     * run, is refused with an {@link InvalidInputException} for any group but the default. Writes of a record's own
     * fields ({@link #trajectories()}) are the default group's through any view, and a lease is settled and extended
     * in its own group. Closing the view closes nothing.
     */
    DatasetPort attributedTo(UsageOrigin origin);

    /** Releases what the store holds (a connection pool, say); a unit of work's port closes nothing. */
    @Override
    default void close() {
    }
}
