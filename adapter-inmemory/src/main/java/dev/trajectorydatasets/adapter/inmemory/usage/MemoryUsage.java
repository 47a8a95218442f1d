package dev.trajectorydatasets.adapter.inmemory.usage;

import dev.trajectorydatasets.adapter.inmemory.shared.Counts;
import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageCounter;
import dev.trajectorydatasets.domain.usage.UsageKind;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.usage.UseResult;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Changes to {@code used} in memory, each with its usage event.
 */
public final class MemoryUsage implements UsageCounter {

    private final Unit unit;
    private final Tables state;

    public MemoryUsage(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public int setUsed(Collection<TrajectoryId> trajectoryIds, int used) {
        return unit.write(() -> {
            int found = 0;
            Counts counts = unit.counts();
            for (TrajectoryId trajectoryId : new LinkedHashSet<>(trajectoryIds)) {
                Trajectory current = seen(counts, trajectoryId);
                if (current != null) {
                    unit.counted(counts.set(current, used), used - current.used(), UsageKind.SET);
                    found++;
                }
            }
            return found;
        });
    }

    @Override
    public int setUsedEach(Map<TrajectoryId, Integer> values) {
        values.values().forEach(used -> DatasetRules.notNegative("used", used));
        return unit.write(() -> {
            int found = 0;
            Counts counts = unit.counts();
            for (Map.Entry<TrajectoryId, Integer> value : values.entrySet()) {
                Trajectory current = seen(counts, value.getKey());
                if (current != null) {
                    unit.counted(counts.set(current, value.getValue()), value.getValue() - current.used(), UsageKind.SET);
                    found++;
                }
            }
            return found;
        });
    }

    private Trajectory seen(Counts counts, TrajectoryId id) {
        Trajectory found = state.byTrajectoryId.get(id);
        return found == null ? null : counts.seen(found);
    }

    @Override
    public UseResult use(TrajectoryId trajectoryId, UsageLimit limit) {
        return useAll(List.of(trajectoryId), limit).get(0);
    }

    @Override
    public List<UseResult> useAll(List<TrajectoryId> trajectoryIds, UsageLimit limit) {
        return unit.write(() -> {
            Counts counts = unit.counts();
            Map<TrajectoryId, Trajectory> current = new HashMap<>();
            for (TrajectoryId id : trajectoryIds) {
                Trajectory found = seen(counts, id);
                if (found != null) {
                    current.put(id, found);
                }
            }
            Map<TrajectoryId, Trajectory> before = Map.copyOf(current);
            List<UseResult> results = UseResult.applyAll(trajectoryIds, limit, current);
            current.forEach((id, after) -> {
                Trajectory was = before.get(id);
                if (was.used() != after.used()) {
                    unit.counted(counts.set(was, after.used()), after.used() - was.used(), UsageKind.USE);
                }
            });
            return results;
        });
    }
}
