package dev.trajectorydatasets.adapter.inmemory.trajectory;

import dev.trajectorydatasets.adapter.inmemory.shared.IdIndex;
import dev.trajectorydatasets.adapter.inmemory.shared.Counts;
import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.trajectory.TrajectoryStore;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trajectories in memory: created under the write lock, found through the indexes.
 */
public final class MemoryTrajectories implements TrajectoryStore {

    private final Unit unit;
    private final Tables state;
    /** The counts the reads show: the view's consumer group's. */
    private final Counts counts;
    private final ConsumerGroup group;

    /**
     * Records' own fields and {@code used}: whatever view it is reached through, its writes count in the default group;
     * its reads show the view's group's counts.
     */
    public MemoryTrajectories(Unit unit) {
        this.unit = unit.withOrigin(unit.origin.inGroup(ConsumerGroup.DEFAULT));
        this.state = unit.state;
        this.counts = unit.counts();
        this.group = unit.origin.group();
    }

    /** The record as the view's group counts it. */
    private Trajectory seen(Trajectory record) {
        return record == null ? null : counts.seen(record);
    }

    private void needsRun(TrajectoryFilter filter) {
        if (!group.isDefault() && filter.runId().isEmpty()) {
            throw new InvalidInputException("runId", "a search in consumer group " + group + " names its run");
        }
    }

    @Override
    public Trajectory create(NewTrajectory dataset) {
        return createAll(List.of(dataset)).get(0);
    }

    @Override
    public List<Trajectory> createAll(List<NewTrajectory> datasets) {
        return unit.write(() -> {
            List<TrajectoryId> duplicates = DuplicateTrajectoryException.among(
                    datasets.stream().map(NewTrajectory::trajectoryId).toList(), state.byTrajectoryId::containsKey);
            if (!duplicates.isEmpty()) {
                throw new DuplicateTrajectoryException(duplicates);
            }
            List<Trajectory> created = new ArrayList<>(datasets.size());
            for (NewTrajectory candidate : datasets) {
                Trajectory stored = state.put(candidate.stored(state.nextId++));
                unit.journal(() -> state.remove(stored));
                created.add(stored);
                unit.counted(stored, stored.used(), UsageKind.CREATE);
            }
            return List.copyOf(created);
        });
    }

    @Override
    public List<Trajectory> createMissing(List<NewTrajectory> datasets) {
        return unit.write(() -> createAll(NewTrajectory.missing(datasets, state.byTrajectoryId::containsKey)));
    }

    @Override
    public Optional<Trajectory> findById(long id) {
        return unit.read(() -> Optional.ofNullable(seen(state.byId.get(id))));
    }

    @Override
    public Optional<Trajectory> findByTrajectoryId(TrajectoryId trajectoryId) {
        return unit.read(() -> Optional.ofNullable(seen(state.byTrajectoryId.get(trajectoryId))));
    }

    @Override
    public List<Trajectory> find(TrajectoryFilter filter, PageRequest page) {
        needsRun(filter);
        return unit.read(() -> {
            IdIndex candidates = state.candidates(filter.runId());
            Iterable<Trajectory> source = page.afterId().isPresent() ? candidates.after(page.afterId().getAsLong()) : candidates.all();
            List<Trajectory> items = new ArrayList<>(Math.min(page.limit(), 1024));
            int toSkip = page.offset();
            for (Trajectory record : source) {
                Trajectory dataset = seen(record);
                if (!filter.matches(dataset)) {
                    continue;
                }
                if (toSkip > 0) {
                    toSkip--;
                    continue;
                }
                items.add(dataset);
                if (items.size() == page.limit()) {
                    break;
                }
            }
            return List.copyOf(items);
        });
    }

    @Override
    public long count(TrajectoryFilter filter) {
        needsRun(filter);
        return unit.read(() -> {
            IdIndex source = state.candidates(filter.runId());
            if (filter.constrainsOnlyRun()) {
                return (long) source.size();
            }
            long matching = 0;
            for (Trajectory dataset : source.all()) {
                if (filter.matches(seen(dataset))) {
                    matching++;
                }
            }
            return matching;
        });
    }

    @Override
    public Optional<Trajectory> update(TrajectoryId trajectoryId, TrajectoryChanges changes) {
        return unit.write(() -> Optional.ofNullable(state.byTrajectoryId.get(trajectoryId))
                .map(current -> unit.counted(unit.replace(current, changes.applyTo(current)), changes.used().orElse(current.used()) - current.used(),
                        UsageKind.SET)));
    }

    @Override
    public Optional<Trajectory> reroll(TrajectoryId trajectoryId, TrajectoryChanges changes) {
        TrajectoryChanges reset = changes.withUsed(0);
        return unit.write(() -> Optional.ofNullable(state.byTrajectoryId.get(trajectoryId)).map(current -> {
            Trajectory after = unit.replace(current, reset.applyTo(current));
            unit.recorded(UsageEvent.of(after, -current.used(), UsageKind.REROLL, unit.clock.instant(), unit.origin));
            unit.rerolledInGroups(after);
            return after;
        }));
    }

    @Override
    public boolean delete(TrajectoryId trajectoryId) {
        return unit.write(() -> {
            Trajectory current = state.byTrajectoryId.get(trajectoryId);
            if (current == null) {
                return false;
            }
            unit.removeWithHistory(List.of(current));
            return true;
        });
    }

    @Override
    public int deleteByRunId(RunId runId, int limit) {
        DatasetRules.positive("limit", limit);
        return unit.write(() -> {
            IdIndex.Run run = state.byRunId.get(runId);
            if (run == null) {
                return 0;
            }
            List<Trajectory> removed = new ArrayList<>(Math.min(run.size(), limit));
            for (Trajectory dataset : run.all()) {
                if (removed.size() == limit) {
                    break;
                }
                removed.add(dataset);
            }
            unit.removeWithHistory(removed);
            return removed.size();
        });
    }

    @Override
    public int deleteByTask(RunId runId, TaskId taskId) {
        return unit.write(() -> {
            List<Trajectory> removed = new ArrayList<>();
            for (Trajectory dataset : state.candidates(Optional.of(runId)).all()) {
                if (dataset.taskId().isPresent() && dataset.taskId().get().equals(taskId)) {
                    removed.add(dataset);
                }
            }
            unit.removeWithHistory(removed);
            return removed.size();
        });
    }
}
