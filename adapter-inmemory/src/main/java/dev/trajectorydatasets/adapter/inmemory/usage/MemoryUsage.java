package dev.trajectorydatasets.adapter.inmemory.usage;

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
            for (TrajectoryId trajectoryId : new LinkedHashSet<>(trajectoryIds)) {
                Trajectory current = state.byTrajectoryId.get(trajectoryId);
                if (current != null) {
                    unit.counted(unit.replace(current, current.usedTimes(used)), used - current.used(), UsageKind.SET);
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
            for (Map.Entry<TrajectoryId, Integer> value : values.entrySet()) {
                Trajectory current = state.byTrajectoryId.get(value.getKey());
                if (current != null) {
                    unit.counted(unit.replace(current, current.usedTimes(value.getValue())), value.getValue() - current.used(), UsageKind.SET);
                    found++;
                }
            }
            return found;
        });
    }

    @Override
    public UseResult use(TrajectoryId trajectoryId, UsageLimit limit) {
        return useAll(List.of(trajectoryId), limit).get(0);
    }

    @Override
    public List<UseResult> useAll(List<TrajectoryId> trajectoryIds, UsageLimit limit) {
        return unit.write(() -> {
            Map<TrajectoryId, Trajectory> current = new HashMap<>();
            for (TrajectoryId id : trajectoryIds) {
                Trajectory found = state.byTrajectoryId.get(id);
                if (found != null) {
                    current.put(id, found);
                }
            }
            List<UseResult> results = UseResult.applyAll(trajectoryIds, limit, current);
            current.forEach((id, after) -> {
                Trajectory before = state.byTrajectoryId.get(id);
                if (before.used() != after.used()) {
                    unit.counted(unit.replace(before, after), after.used() - before.used(), UsageKind.USE);
                }
            });
            return results;
        });
    }
}
