package dev.trajectorydatasets.adapter.mysql.usage;

import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.RecordReads;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRowMapper;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryMapper;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageCounter;
import dev.trajectorydatasets.domain.usage.UsageKind;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.usage.UseResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/**
 * Changes to {@code used} in SQL: counters change in SQL ({@code used = used + ?}), never by read-modify-write.
 */
public final class SqlUsage implements UsageCounter {

    private static final TrajectoryRowMapper ROWS = TrajectoryRowMapper.INSTANCE;

    private final SqlContext context;
    private final TrajectoryMapper trajectoryMapper;

    public SqlUsage(SqlContext context) {
        this.context = context;
        this.trajectoryMapper = context.mapper(TrajectoryMapper.class);
    }

    /** {@link #setUsedEach}, every value the same. */
    @Override
    public int setUsed(Collection<TrajectoryId> trajectoryIds, int used) {
        Map<TrajectoryId, Integer> values = new TreeMap<>();
        trajectoryIds.forEach(id -> values.put(id, used));
        return setUsedEach(values);
    }

    /**
     * A few statements whatever the values. On MySQL and MariaDB the events and
     * the values are written from the values joined as a derived table ({@link BulkStatements#setUsedJoined}); on H2,
     * which has no {@code UPDATE ... JOIN}, the rows are locked and read in trajectory-id order, then one batched
     * UPDATE by primary key and the events.
     */
    @Override
    public int setUsedEach(Map<TrajectoryId, Integer> values) {
        values.values().forEach(used -> DatasetRules.notNegative("used", used));
        if (!context.origin.group().isDefault()) {
            return sql(() -> new GroupUsage(context, trajectoryMapper).setUsedEach(values));
        }
        if (context.dialect.joinsInUpdate()) {
            List<Map.Entry<TrajectoryId, Integer>> sorted = List.copyOf(new TreeMap<>(values).entrySet());
            return sql(() -> BulkStatements.setUsedJoined(context.connection(), sorted, UsageKind.SET, context.clock.instant(), context.origin));
        }
        List<TrajectoryId> ids = List.copyOf(new TreeSet<>(values.keySet()));
        return sql(() -> {
            List<Trajectory> before = new ArrayList<>();
            BulkStatements.inChunks(ids, chunk -> before.addAll(ROWS.toTrajectories(RecordReads.lockByTrajectoryIds(context.connection(), chunk))));
            List<Trajectory> after = new ArrayList<>(before.size());
            List<Integer> changes = new ArrayList<>(before.size());
            for (Trajectory record : before) {
                int used = values.get(record.trajectoryId());
                after.add(record.usedTimes(used));
                changes.add(used - record.used());
            }
            BulkStatements.setUsedEach(context.connection(), after);
            context.count(after, changes, UsageKind.SET);
            return before.size();
        });
    }

    @Override
    public UseResult use(TrajectoryId trajectoryId, UsageLimit limit) {
        if (!context.origin.group().isDefault()) {
            return useAll(List.of(trajectoryId), limit).get(0);
        }
        return sql(() -> {
            int changed = trajectoryMapper.increment(trajectoryId, limit.by(), limit.highestUsedAllowed());
            // Same transaction: the row is locked by our UPDATE, so this reads exactly what it left.
            TrajectoryRow row = RecordReads.byTrajectoryId(context.connection(), trajectoryId);
            if (row == null) {
                return UseResult.notFound(trajectoryId);
            }
            Trajectory dataset = ROWS.toTrajectory(row);
            if (changed == 1) {
                context.count(List.of(dataset), List.of(limit.by()), UsageKind.USE);
                return UseResult.used(dataset);
            }
            return UseResult.atLimit(dataset);
        });
    }

    /** Locks the listed rows in trajectory-id order, applies the domain's rule, then writes one UPDATE per amount. */
    @Override
    public List<UseResult> useAll(List<TrajectoryId> trajectoryIds, UsageLimit limit) {
        if (!context.origin.group().isDefault()) {
            return sql(() -> new GroupUsage(context, trajectoryMapper).useAll(trajectoryIds, limit));
        }
        return sql(() -> {
            List<TrajectoryId> distinct = List.copyOf(new TreeSet<>(trajectoryIds));
            Map<TrajectoryId, Trajectory> current = new HashMap<>();
            BulkStatements.inChunks(distinct, chunk -> {
                for (TrajectoryRow row : RecordReads.lockByTrajectoryIds(context.connection(), chunk)) {
                    current.put(row.getTrajectoryId(), ROWS.toTrajectory(row));
                }
                return null;
            });
            Map<TrajectoryId, Integer> before = new HashMap<>();
            current.forEach((id, record) -> before.put(id, record.used()));
            List<UseResult> results = UseResult.applyAll(trajectoryIds, limit, current);
            Map<Integer, List<Long>> byAmount = new HashMap<>();
            List<Trajectory> changed = new ArrayList<>();
            List<Integer> added = new ArrayList<>();
            for (TrajectoryId id : distinct) {
                Trajectory after = current.get(id);
                if (after != null && after.used() > before.get(id)) {
                    int amount = after.used() - before.get(id);
                    byAmount.computeIfAbsent(amount, a -> new ArrayList<>()).add(after.id());
                    changed.add(after);
                    added.add(amount);
                }
            }
            context.count(changed, added, UsageKind.USE);
            for (Map.Entry<Integer, List<Long>> amount : byAmount.entrySet()) {
                BulkStatements.addToUsed(context.connection(), amount.getValue().stream().sorted().toList(), amount.getKey());
            }
            return results;
        });
    }
}
