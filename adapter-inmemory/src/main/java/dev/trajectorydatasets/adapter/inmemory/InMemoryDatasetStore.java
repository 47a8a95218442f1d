package dev.trajectorydatasets.adapter.inmemory;

import dev.trajectorydatasets.adapter.inmemory.activity.MemoryActivity;
import dev.trajectorydatasets.adapter.inmemory.backup.MemoryBackups;
import dev.trajectorydatasets.adapter.inmemory.checkpoint.MemoryCheckpoints;
import dev.trajectorydatasets.adapter.inmemory.claim.MemoryClaims;
import dev.trajectorydatasets.adapter.inmemory.claim.MemoryPauses;
import dev.trajectorydatasets.adapter.inmemory.idempotency.MemoryAnswers;
import dev.trajectorydatasets.adapter.inmemory.lease.MemoryLeases;
import dev.trajectorydatasets.adapter.inmemory.overview.MemoryOverviews;
import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.adapter.inmemory.trajectory.MemoryTrajectories;
import dev.trajectorydatasets.adapter.inmemory.usage.MemoryHistory;
import dev.trajectorydatasets.adapter.inmemory.usage.MemoryUsage;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.group.ConsumerGroupStore;
import dev.trajectorydatasets.adapter.inmemory.group.MemoryConsumerGroups;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.activity.ActivityFeed;
import dev.trajectorydatasets.domain.backup.BackupStore;
import dev.trajectorydatasets.domain.checkpoint.CheckpointStore;
import dev.trajectorydatasets.domain.claim.ClaimStore;
import dev.trajectorydatasets.domain.claim.PauseStore;
import dev.trajectorydatasets.domain.idempotency.AnswerStore;
import dev.trajectorydatasets.domain.lease.LeaseStore;
import dev.trajectorydatasets.domain.overview.OverviewStore;
import dev.trajectorydatasets.domain.trajectory.TrajectoryStore;
import dev.trajectorydatasets.domain.usage.UsageCounter;
import dev.trajectorydatasets.domain.usage.UsageHistory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * {@link DatasetPort} in memory. Thread-safe: reads share a lock, writes and units of work hold it alone.
 * Lookups by id, trajectory id and run use indexes; a page costs O(log n + offset + page) when it filters by run
 * only. Nothing survives the process. One class per capability ({@code MemoryTrajectories}, {@code MemoryClaims},
 * ...) works on the shared {@link Tables} through a {@link Unit}, which journals every change a unit of work makes
 * so that a failed unit is undone.
 */
public final class InMemoryDatasetStore implements DatasetPort {

    private final Unit unit;

    public InMemoryDatasetStore() {
        this(Clock.systemUTC());
    }

    /** A store whose usage events and leases are timed by {@code clock}. */
    public InMemoryDatasetStore(Clock clock) {
        this(new Unit(new Tables(), null, UsageOrigin.NONE, DatasetRules.required("clock", clock)));
    }

    private InMemoryDatasetStore(Unit unit) {
        this.unit = unit;
    }

    /** This store (the same records) timed by {@code other}: a simulation, or a test that moves time. */
    public InMemoryDatasetStore withClock(Clock other) {
        return new InMemoryDatasetStore(new Unit(unit.state, unit.undo, unit.origin, DatasetRules.required("clock", other)));
    }

    @Override
    public TrajectoryStore trajectories() {
        return new MemoryTrajectories(unit);
    }

    @Override
    public UsageCounter usage() {
        return new MemoryUsage(unit);
    }

    @Override
    public ClaimStore claims() {
        return new MemoryClaims(unit);
    }

    @Override
    public ConsumerGroupStore consumerGroups() {
        return new MemoryConsumerGroups(unit);
    }

    @Override
    public LeaseStore leases() {
        return new MemoryLeases(unit);
    }

    @Override
    public BackupStore backups() {
        return new MemoryBackups(unit);
    }

    @Override
    public CheckpointStore checkpoints() {
        return new MemoryCheckpoints(unit);
    }

    @Override
    public PauseStore pauses() {
        return new MemoryPauses(unit);
    }

    @Override
    public AnswerStore answers() {
        return new MemoryAnswers(unit);
    }

    @Override
    public UsageHistory history() {
        return new MemoryHistory(unit);
    }

    @Override
    public OverviewStore overviews() {
        return new MemoryOverviews(unit);
    }

    @Override
    public ActivityFeed activity() {
        return new MemoryActivity(unit);
    }

    @Override
    public DatasetPort attributedTo(UsageOrigin given) {
        return new InMemoryDatasetStore(unit.withOrigin(DatasetRules.required("origin", given)));
    }

    @Override
    public <T> T inTransaction(Function<DatasetPort, T> work) {
        if (unit.undo != null) {
            return work.apply(this);
        }
        Deque<Runnable> actions = new ArrayDeque<>();
        return unit.write(() -> {
            try {
                return work.apply(new InMemoryDatasetStore(new Unit(unit.state, actions, unit.origin, unit.clock)));
            } catch (RuntimeException | Error failure) {
                actions.forEach(Runnable::run);
                throw failure;
            }
        });
    }
}
