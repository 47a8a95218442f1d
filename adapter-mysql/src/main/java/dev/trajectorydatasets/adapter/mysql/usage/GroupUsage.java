package dev.trajectorydatasets.adapter.mysql.usage;

import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRows;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRuns;
import dev.trajectorydatasets.adapter.mysql.shared.RecordReads;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryMapper;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRowMapper;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageKind;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.usage.UseResult;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Uses and set values in a consumer group other than the default (issue 32): the records are read (not locked: their
 * own {@code used} is not touched), their rows in the group of their run are locked in id order (the group declared
 * when it is not one yet), the domain's rule applied to the records as the group counts them, and the counts written
 * with one usage event each, naming the group.
 */
final class GroupUsage {

    private static final TrajectoryRowMapper ROWS = TrajectoryRowMapper.INSTANCE;

    private final SqlContext context;
    private final TrajectoryMapper trajectoryMapper;

    GroupUsage(SqlContext context, TrajectoryMapper trajectoryMapper) {
        this.context = context;
        this.trajectoryMapper = trajectoryMapper;
    }

    /** The listed records as the group counts them (rows locked), by trajectory id; missing ones left out. */
    private Map<TrajectoryId, Trajectory> seen(List<TrajectoryId> ids, Map<Long, Integer> groupOf) throws SQLException {
        List<TrajectoryId> distinct = List.copyOf(new TreeSet<>(ids));
        TreeMap<String, List<Trajectory>> byRun = new TreeMap<>();
        BulkStatements.inChunks(distinct, chunk -> {
            for (TrajectoryRow row : RecordReads.byTrajectoryIds(context.connection(), chunk)) {
                Trajectory record = ROWS.toTrajectory(row);
                RunId run = record.runId().orElseThrow(() -> new InvalidInputException("consumerGroup", "trajectory "
                        + record.trajectoryId() + " is in no run, so it is counted in the default group only"));
                byRun.computeIfAbsent(run.value(), r -> new ArrayList<>()).add(record);
            }
            return null;
        });
        Map<TrajectoryId, Trajectory> seen = new HashMap<>();
        for (List<Trajectory> records : byRun.values()) {
            RunId run = records.get(0).runId().orElseThrow();
            int group = ConsumerGroupRuns.declare(context.connection(), context.dialect, run, context.origin.group(), context.clock.instant());
            List<Long> recordIds = records.stream().map(Trajectory::id).toList();
            Map<Long, ConsumerGroupRows.Count> counts = ConsumerGroupRows.lock(context.connection(), group, recordIds);
            for (Trajectory record : records) {
                ConsumerGroupRows.Count count = counts.get(record.id());
                if (count != null) {
                    seen.put(record.trajectoryId(), record.usedTimes(count.used()));
                    groupOf.put(record.id(), group);
                }
            }
        }
        return seen;
    }

    int setUsedEach(Map<TrajectoryId, Integer> values) throws SQLException {
        Map<Long, Integer> groupOf = new HashMap<>();
        Map<TrajectoryId, Trajectory> current = seen(List.copyOf(values.keySet()), groupOf);
        Map<TrajectoryId, Trajectory> after = new HashMap<>();
        current.forEach((id, record) -> after.put(id, record.usedTimes(values.get(id))));
        write(current, after, groupOf, UsageKind.SET);
        return current.size();
    }

    List<UseResult> useAll(List<TrajectoryId> ids, UsageLimit limit) throws SQLException {
        Map<Long, Integer> groupOf = new HashMap<>();
        Map<TrajectoryId, Trajectory> current = seen(ids, groupOf);
        Map<TrajectoryId, Trajectory> before = Map.copyOf(current);
        List<UseResult> results = UseResult.applyAll(ids, limit, current);
        write(before, current, groupOf, UsageKind.USE);
        return results;
    }

    /** Writes the counts that changed, a statement per group, and their events (by trajectory id). */
    private void write(Map<TrajectoryId, Trajectory> before, Map<TrajectoryId, Trajectory> after, Map<Long, Integer> groupOf, UsageKind kind)
            throws SQLException {
        Map<Integer, Map<Long, Integer>> byGroup = new TreeMap<>();
        List<Trajectory> changed = new ArrayList<>();
        List<Integer> changes = new ArrayList<>();
        for (TrajectoryId id : new TreeSet<>(after.keySet())) {
            Trajectory was = before.get(id);
            Trajectory now = after.get(id);
            if (now.used() != was.used()) {
                byGroup.computeIfAbsent(groupOf.get(now.id()), g -> new TreeMap<>()).put(now.id(), now.used());
                changed.add(now);
                changes.add(now.used() - was.used());
            }
        }
        for (Map.Entry<Integer, Map<Long, Integer>> group : byGroup.entrySet()) {
            ConsumerGroupRows.setUsed(context.connection(), group.getKey(), group.getValue(), false);
        }
        context.count(changed, changes, kind);
    }
}
