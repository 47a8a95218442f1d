package dev.trajectorydatasets.adapter.mysql.backup;

import dev.trajectorydatasets.adapter.mysql.checkpoint.CheckpointMapper;
import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRows;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRuns;
import dev.trajectorydatasets.adapter.mysql.shared.HistoryStatements;
import dev.trajectorydatasets.domain.ConsumerGroup;
import java.util.TreeMap;
import dev.trajectorydatasets.adapter.mysql.shared.OneStatement;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.SqlErrors;
import dev.trajectorydatasets.adapter.mysql.trajectory.SqlTrajectories;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.backup.BackupStore;
import dev.trajectorydatasets.domain.backup.RestoredTrajectory;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import org.apache.ibatis.exceptions.PersistenceException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/**
 * Backups in SQL: records inserted as a create inserts them (bulk, under a savepoint) with their given history
 * batched into {@code usage_events}; events read by record through {@code idx_events_dataset}.
 */
public final class SqlBackups implements BackupStore {

    private final SqlContext context;
    private final SqlTrajectories trajectories;
    private final CheckpointMapper checkpointMapper;

    public SqlBackups(SqlContext context) {
        this.context = context;
        this.trajectories = new SqlTrajectories(context);
        this.checkpointMapper = context.mapper(CheckpointMapper.class);
    }

    @Override
    public List<Trajectory> restore(List<RestoredTrajectory> records, boolean skipExisting) {
        Map<TrajectoryId, List<UsageEvent>> histories = new HashMap<>();
        List<NewTrajectory> batch = new ArrayList<>(records.size());
        for (RestoredTrajectory restored : records) {
            histories.putIfAbsent(restored.record().trajectoryId(), restored.history());
            batch.add(restored.record());
        }
        SqlTrajectories.History history = created -> {
            List<Trajectory> plain = new ArrayList<>();
            List<Long> owners = new ArrayList<>();
            List<UsageEvent> events = new ArrayList<>();
            for (Trajectory record : created) {
                List<UsageEvent> given = histories.get(record.trajectoryId());
                if (given.isEmpty()) {
                    plain.add(record);
                }
                for (UsageEvent event : given) {
                    owners.add(record.id());
                    events.add(event);
                }
            }
            context.countUsedAtCreation(plain);
            HistoryStatements.insertHistory(context.connection(), owners, events);
        };
        List<Trajectory> created = skipExisting ? trajectories.createMissing(batch, history) : trajectories.createAll(batch, history);
        restoreGroupCounts(records, created);
        return created;
    }

    /** The created records' counts in consumer groups, each group made a group of its run when it is not one yet. */
    private void restoreGroupCounts(List<RestoredTrajectory> records, List<Trajectory> created) {
        Map<TrajectoryId, Map<ConsumerGroup, Integer>> given = new HashMap<>();
        records.forEach(restored -> given.putIfAbsent(restored.record().trajectoryId(), restored.groupCounts()));
        Map<Map.Entry<RunId, ConsumerGroup>, Map<Long, Integer>> byGroup = new TreeMap<>(
                Map.Entry.<RunId, ConsumerGroup>comparingByKey(java.util.Comparator.comparing(RunId::value))
                        .thenComparing(entry -> entry.getValue().name()));
        for (Trajectory record : created) {
            given.getOrDefault(record.trajectoryId(), Map.of()).forEach((group, used) -> byGroup
                    .computeIfAbsent(Map.entry(record.runId().orElseThrow(), group), key -> new HashMap<>()).put(record.id(), used));
        }
        if (byGroup.isEmpty()) {
            return;
        }
        sql(() -> {
            for (Map.Entry<Map.Entry<RunId, ConsumerGroup>, Map<Long, Integer>> group : byGroup.entrySet()) {
                int id = ConsumerGroupRuns.declare(context.connection(), context.dialect, group.getKey().getKey(), group.getKey().getValue(),
                        context.clock.instant());
                ConsumerGroupRows.setUsed(context.connection(), id, group.getValue(), false);
            }
            return null;
        });
    }

    /** Per group of each record's run, the group's rows of the run's records read by primary key. */
    @Override
    public Map<Long, Map<ConsumerGroup, Integer>> groupCountsOf(List<Trajectory> records) {
        Map<RunId, List<Long>> byRun = new HashMap<>();
        records.forEach(record -> record.runId().ifPresent(run -> byRun.computeIfAbsent(run, r -> new ArrayList<>()).add(record.id())));
        return sql(() -> {
            Map<Long, Map<ConsumerGroup, Integer>> counts = new HashMap<>();
            for (Map.Entry<RunId, List<Long>> run : byRun.entrySet()) {
                for (ConsumerGroupRuns.Group group : ConsumerGroupRuns.ofRun(context.connection(), run.getKey())) {
                    ConsumerGroupRows.countsOf(context.connection(), group.id(), run.getValue()).forEach((record, count) -> {
                        if (count.used() != 0) {
                            counts.computeIfAbsent(record, r -> new HashMap<>()).put(group.group(), count.used());
                        }
                    });
                }
            }
            return counts;
        });
    }



    /** Plain JDBC by record id through {@code idx_events_dataset}, no join: the trajectory ids are the records' own. */
    @Override
    public List<UsageEvent> historyOf(List<Trajectory> records) {
        Map<Long, TrajectoryId> trajectoryOf = new HashMap<>();
        records.forEach(record -> trajectoryOf.put(record.id(), record.trajectoryId()));
        List<Long> ids = trajectoryOf.keySet().stream().sorted().toList();
        return sql(() -> HistoryStatements.historyOf(context.connection(), ids, trajectoryOf::get));
    }

    @Override
    @OneStatement
    public List<RunId> checkpointRuns() {
        return sql(() -> List.copyOf(checkpointMapper.checkpointRuns()));
    }

    /** Queues on the run's registration row as a registration does, so the two never race for a version. */
    @Override
    public boolean restore(Checkpoint checkpoint) {
        return sql(() -> {
            RunId run = checkpoint.runId();
            checkpointMapper.lockCheckpointRun(run);
            if (checkpointMapper.hasVersion(run, checkpoint.version()) > 0) {
                return false;
            }
            try {
                checkpointMapper.restoreCheckpoint(checkpoint, checkpoint.details().orElse(null));
            } catch (PersistenceException taken) {
                if (!SqlErrors.isDuplicateOf(taken, "primary")) {
                    throw taken;
                }
                return false;     // restored through another node of a cluster meanwhile
            }
            return true;
        });
    }
}
