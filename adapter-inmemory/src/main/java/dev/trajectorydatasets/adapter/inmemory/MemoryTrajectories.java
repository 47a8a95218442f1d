package dev.trajectorydatasets.adapter.inmemory;

import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.NewDataset;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.TrajectoryStore;
import dev.trajectorydatasets.domain.UsageKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trajectories in memory: created under the write lock, found through the indexes.
 */
final class MemoryTrajectories implements TrajectoryStore {

    private final Unit unit;
    private final Tables state;

    MemoryTrajectories(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public Dataset create(NewDataset dataset) {
        return createAll(List.of(dataset)).get(0);
    }

    @Override
    public List<Dataset> createAll(List<NewDataset> datasets) {
        return unit.write(() -> {
            List<TrajectoryId> duplicates = DuplicateTrajectoryException.among(
                    datasets.stream().map(NewDataset::trajectoryId).toList(), state.byTrajectoryId::containsKey);
            if (!duplicates.isEmpty()) {
                throw new DuplicateTrajectoryException(duplicates);
            }
            List<Dataset> created = new ArrayList<>(datasets.size());
            for (NewDataset candidate : datasets) {
                Dataset stored = state.put(candidate.stored(state.nextId++));
                unit.journal(() -> state.remove(stored));
                created.add(stored);
                unit.counted(stored, stored.used(), UsageKind.CREATE);
            }
            return List.copyOf(created);
        });
    }

    @Override
    public List<Dataset> createMissing(List<NewDataset> datasets) {
        return unit.write(() -> createAll(NewDataset.missing(datasets, state.byTrajectoryId::containsKey)));
    }

    @Override
    public Optional<Dataset> findById(long id) {
        return unit.read(() -> Optional.ofNullable(state.byId.get(id)));
    }

    @Override
    public Optional<Dataset> findByTrajectoryId(TrajectoryId trajectoryId) {
        return unit.read(() -> Optional.ofNullable(state.byTrajectoryId.get(trajectoryId)));
    }

    @Override
    public List<Dataset> find(DatasetFilter filter, PageRequest page) {
        return unit.read(() -> {
            IdIndex candidates = state.candidates(filter.runId());
            Iterable<Dataset> source = page.afterId().isPresent() ? candidates.after(page.afterId().getAsLong()) : candidates.all();
            List<Dataset> items = new ArrayList<>(Math.min(page.limit(), 1024));
            int toSkip = page.offset();
            for (Dataset dataset : source) {
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
    public long count(DatasetFilter filter) {
        return unit.read(() -> {
            IdIndex source = state.candidates(filter.runId());
            if (filter.constrainsOnlyRun()) {
                return (long) source.size();
            }
            long matching = 0;
            for (Dataset dataset : source.all()) {
                if (filter.matches(dataset)) {
                    matching++;
                }
            }
            return matching;
        });
    }

    @Override
    public Optional<Dataset> update(TrajectoryId trajectoryId, DatasetChanges changes) {
        return unit.write(() -> Optional.ofNullable(state.byTrajectoryId.get(trajectoryId))
                .map(current -> unit.counted(unit.replace(current, changes.applyTo(current)), changes.used().orElse(current.used()) - current.used(),
                        UsageKind.SET)));
    }

    @Override
    public boolean delete(TrajectoryId trajectoryId) {
        return unit.write(() -> {
            Dataset current = state.byTrajectoryId.get(trajectoryId);
            if (current == null) {
                return false;
            }
            unit.removeWithHistory(List.of(current));
            return true;
        });
    }

    @Override
    public int deleteByRunId(RunId runId) {
        return unit.write(() -> {
            IdIndex.Run run = state.byRunId.get(runId);
            if (run == null) {
                return 0;
            }
            List<Dataset> removed = new ArrayList<>(run.size());
            run.all().forEach(removed::add);
            unit.removeWithHistory(removed);
            return removed.size();
        });
    }

    @Override
    public int deleteByTask(RunId runId, TaskId taskId) {
        return unit.write(() -> {
            List<Dataset> removed = new ArrayList<>();
            for (Dataset dataset : state.candidates(Optional.of(runId)).all()) {
                if (dataset.taskId().isPresent() && dataset.taskId().get().equals(taskId)) {
                    removed.add(dataset);
                }
            }
            unit.removeWithHistory(removed);
            return removed.size();
        });
    }
}
