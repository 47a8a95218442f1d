package dev.trajectorydatasets.adapter.inmemory.backup;

import dev.trajectorydatasets.adapter.inmemory.shared.GroupCounts;
import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.domain.ConsumerGroup;
import java.util.HashMap;
import java.util.Map;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.backup.BackupStore;
import dev.trajectorydatasets.domain.backup.RestoredTrajectory;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Backups in memory: records restored with their history under the write lock, checkpoints with their versions.
 */
public final class MemoryBackups implements BackupStore {

    private final Unit unit;
    private final Tables state;

    public MemoryBackups(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public List<Trajectory> restore(List<RestoredTrajectory> records, boolean skipExisting) {
        return unit.write(() -> {
            List<TrajectoryId> ids = records.stream().map(restored -> restored.record().trajectoryId()).toList();
            if (!skipExisting) {
                List<TrajectoryId> duplicates = DuplicateTrajectoryException.among(ids, state.byTrajectoryId::containsKey);
                if (!duplicates.isEmpty()) {
                    throw new DuplicateTrajectoryException(duplicates);
                }
            }
            Set<TrajectoryId> seen = new HashSet<>();
            List<Trajectory> created = new ArrayList<>(records.size());
            for (RestoredTrajectory restored : records) {
                NewTrajectory candidate = restored.record();
                if (state.byTrajectoryId.containsKey(candidate.trajectoryId()) || !seen.add(candidate.trajectoryId())) {
                    continue;
                }
                Trajectory stored = state.put(candidate.stored(state.nextId++));
                unit.journal(() -> state.remove(stored));
                created.add(stored);
                if (restored.history().isEmpty()) {
                    unit.counted(stored, stored.used(), UsageKind.CREATE);
                }
                restored.history().forEach(unit::recorded);
                restored.groupCounts().forEach((group, used) -> unit.countsOf(group).set(unit.countsOf(group).seen(stored), used));
            }
            return List.copyOf(created);
        });
    }

    @Override
    public List<UsageEvent> historyOf(List<Trajectory> records) {
        return unit.read(() -> {
            List<UsageEvent> events = new ArrayList<>();
            records.stream().map(Trajectory::id).sorted().distinct().forEach(id -> {
                Trajectory record = state.byId.get(id);
                NavigableMap<Long, UsageEvent> history = record == null ? null : state.historyOf.get(record.trajectoryId());
                if (history != null) {
                    events.addAll(history.values());
                }
            });
            return List.copyOf(events);
        });
    }

    @Override
    public Map<Long, Map<ConsumerGroup, Integer>> groupCountsOf(List<Trajectory> records) {
        return unit.read(() -> {
            Map<Long, Map<ConsumerGroup, Integer>> counts = new HashMap<>();
            for (Trajectory record : records) {
                NavigableMap<String, GroupCounts> groups = record.runId().map(state.groups::get).orElse(null);
                if (groups == null) {
                    continue;
                }
                groups.forEach((name, group) -> {
                    int used = group.used(record.id());
                    if (used != 0) {
                        counts.computeIfAbsent(record.id(), id -> new HashMap<>()).put(ConsumerGroup.of(name), used);
                    }
                });
            }
            return counts;
        });
    }

    @Override
    public List<RunId> checkpointRuns() {
        return unit.read(() -> state.checkpoints.entrySet().stream().filter(run -> !run.getValue().isEmpty())
                .map(java.util.Map.Entry::getKey).sorted(Comparator.comparing(RunId::value)).toList());
    }

    @Override
    public boolean restore(Checkpoint checkpoint) {
        return unit.write(() -> {
            NavigableMap<Integer, Checkpoint> run = state.checkpoints.computeIfAbsent(checkpoint.runId(), r -> new TreeMap<>());
            if (run.containsKey(checkpoint.version())) {
                return false;
            }
            run.put(checkpoint.version(), checkpoint);
            unit.journal(() -> {
                run.remove(checkpoint.version());
                if (run.isEmpty()) {
                    state.checkpoints.remove(checkpoint.runId());
                }
            });
            return true;
        });
    }
}
