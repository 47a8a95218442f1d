package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRows;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.adapter.mysql.shared.UtcInstantTypeHandler;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.claim.GroupRules;
import dev.trajectorydatasets.domain.claim.TaskStanding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/**
 * {@link Members} of one consumer group other than the default (issue 32): its rows in {@code consumer_group_uses}
 * stand for the records' {@code used} and holds. The walks read the group's own index ({@code idx_group_uses_walk}:
 * used, model version, created_at, id within the group) joined by primary key to the records for their task and
 * reward, as the default group's walks read {@code idx_group_claim}. Locks are taken on the group's rows only, never
 * on the records, so no other group's claim waits for or passes what this one takes: the members of a task are read
 * without locking in {@link GroupRules#MEMBER_ORDER}, then the first free ones locked by primary key (SKIP LOCKED).
 * Plain JDBC, fixed shapes but for IN lists (package-info's SQL rule).
 */
public final class ConsumerGroupMembers implements Members {

    private final SqlContext context;
    private final Members records;
    final int group;

    /** The members of group {@code group} (its stored id; 0 for one not declared in the run, whose counts are all 0). */
    public ConsumerGroupMembers(SqlContext context, Members records, int group) {
        this.context = context;
        this.records = records;
        this.group = group;
    }

    /** The member rules on the group's row {@code u} and its record {@code d}, with their parameters. */
    private static String member(GroupRules rules, List<Integer> usedValues, List<Object> params, Instant now) {
        return member(rules, usedValues, params, now, "u.used", "u.model_version");
    }

    /**
     * The member rules, {@code used} and the model version read from the expressions given: the group's row's when
     * joined ({@code u} always there), or {@code COALESCE(u.used, 0)} and the record's version when outer-joined.
     */
    private static String member(GroupRules rules, List<Integer> usedValues, List<Object> params, Instant now, String used, String version) {
        StringBuilder where = new StringBuilder(" AND d.task_id IS NOT NULL");
        if (usedValues != null) {
            where.append(" AND ").append(used).append(" IN (").append(marks(usedValues.size())).append(')');
            params.addAll(usedValues);
        } else {
            where.append(" AND ").append(used).append(" < ?");
            params.add(rules.criteria().maxUsed());
        }
        if (rules.criteria().needsReward()) {
            where.append(" AND d.reward IS NOT NULL");
        }
        if (rules.modelVersionMin().isPresent()) {
            where.append(" AND ").append(version).append(" >= ?");
            params.add(rules.modelVersionMin().getAsInt());
        }
        if (rules.freshnessIsVersionSet()) {
            where.append(" AND ").append(version).append(" IN (").append(marks(rules.freshVersions().size())).append(')');
            params.addAll(rules.freshVersions());
        }
        where.append(" AND (u.leased_until IS NULL OR u.leased_until <= ?)");
        params.add(now);
        return where.toString();
    }

    @Override
    public List<Candidate> walk(RunId run, GroupRules rules, List<Integer> usedValues, Integer usedValue, Integer version,
                                TaskStanding after, boolean descending, int limit, boolean skipLocked, Instant now) {
        List<Object> params = new ArrayList<>(List.of(group));
        StringBuilder sql = new StringBuilder("SELECT d.task_id, u.created_at, u.dataset_id FROM consumer_group_uses u")
                .append(usedValue != null && skipLocked ? " FORCE INDEX (idx_group_uses_walk)" : "")
                .append(" JOIN datasets d ON d.id = u.dataset_id WHERE u.group_id = ?");
        if (usedValue != null) {
            sql.append(" AND u.used = ? AND u.model_version = ? AND d.task_id IS NOT NULL");
            params.add(usedValue);
            params.add(version);
            if (rules.criteria().needsReward()) {
                sql.append(" AND d.reward IS NOT NULL");
            }
        } else {
            sql.append(member(rules, usedValues, params, now));
        }
        if (after != null) {
            sql.append(descending ? " AND (u.created_at < ? OR (u.created_at = ? AND u.dataset_id < ?))"
                    : " AND (u.created_at > ? OR (u.created_at = ? AND u.dataset_id > ?))");
            params.add(after.createdAt());
            params.add(after.createdAt());
            params.add(after.id());
        }
        sql.append(descending ? " ORDER BY u.created_at DESC, u.dataset_id DESC" : " ORDER BY u.created_at, u.dataset_id").append(" LIMIT ").append(limit);
        return sql(() -> query(sql.toString(), params, rows -> {
            Candidate candidate = new Candidate();
            candidate.taskId = TaskId.of(rows.getString(1));
            candidate.createdAt = UtcInstantTypeHandler.read(rows, 2);
            candidate.id = rows.getLong(3);
            return candidate;
        }));
    }

    @Override
    public List<TaskId> eligibleTaskIds(RunId run, GroupRules rules, List<Integer> usedValues, Instant now) {
        List<Object> params = new ArrayList<>(List.of(group));
        String sql = "SELECT DISTINCT d.task_id FROM consumer_group_uses u JOIN datasets d ON d.id = u.dataset_id WHERE u.group_id = ?"
                + member(rules, usedValues, params, now);
        return sql(() -> query(sql, params, rows -> TaskId.of(rows.getString(1))));
    }

    @Override
    public List<TrajectoryRow> lockGroups(RunId run, GroupRules rules, List<Integer> usedValues, List<TaskId> tasks, int limit, Instant now) {
        return sql(() -> lock(run, rules, usedValues, tasks, null, limit, true, now));
    }

    @Override
    public List<TrajectoryRow> lockGroup(RunId run, GroupRules rules, List<Integer> usedValues, TaskId task, Boolean positive, int limit,
                                         boolean skipLocked, Instant now) {
        return sql(() -> lock(run, rules, usedValues, List.of(task), positive, limit, skipLocked, now));
    }

    /**
     * Of each task, its first {@code limit} eligible members in member order whose rows in the group are free, their
     * rows locked: the members read without locking, then locked by primary key, passing rows others hold, a second
     * round for those that others took meanwhile.
     */
    private List<TrajectoryRow> lock(RunId run, GroupRules rules, List<Integer> usedValues, List<TaskId> tasks, Boolean positive, int limit,
                                     boolean skipLocked, Instant now) throws SQLException {
        List<Object> params = new ArrayList<>(List.of(group, run.value()));
        params.addAll(tasks.stream().map(TaskId::value).toList());
        String sql = "SELECT d.id, d.task_id FROM datasets d" + (skipLocked ? " FORCE INDEX (idx_task_members)" : "")
                + " JOIN consumer_group_uses u ON u.group_id = ? AND u.dataset_id = d.id WHERE d.run_id = ? AND d.task_id IN ("
                + marks(tasks.size()) + ")" + member(rules, usedValues, params, now)
                + (positive == null ? "" : positive ? " AND d.reward > 0" : " AND d.reward <= 0")
                + " ORDER BY d.task_id, d.model_version DESC, d.id";
        Map<String, List<Long>> candidates = new LinkedHashMap<>();
        for (Object[] row : query(sql, params, rows -> new Object[]{rows.getLong(1), rows.getString(2)})) {
            candidates.computeIfAbsent((String) row[1], t -> new ArrayList<>()).add((Long) row[0]);
        }
        int ceiling = rules.criteria().maxUsed();
        List<Long> taken = new ArrayList<>();
        Map<Long, ConsumerGroupRows.Count> counts = new HashMap<>();
        for (List<Long> members : candidates.values()) {
            List<Long> kept = new ArrayList<>();
            int next = 0;
            while (kept.size() < limit && next < members.size()) {
                List<Long> tried = members.subList(next, Math.min(members.size(), next + limit - kept.size()));
                next += tried.size();
                for (ConsumerGroupRows.Count count : ConsumerGroupRows.lockEligible(context.connection(), group, tried, ceiling,
                        OptionalInt.empty(), now, skipLocked)) {
                    counts.put(count.datasetId(), count);
                }
                tried.stream().filter(counts::containsKey).forEach(kept::add);
            }
            taken.addAll(kept);
        }
        List<TrajectoryRow> rows = ConsumerGroupRows.records(context.connection(), taken);
        rows.forEach(row -> row.setUsed(counts.get(row.getId()).used()));
        return rows;
    }

    @Override
    public List<MemberTally> memberTallies(RunId run, GroupRules rules, List<Integer> usedValues, Collection<TaskId> tasks, Instant now) {
        List<Object> params = new ArrayList<>(List.of(group, run.value()));
        params.addAll(tasks.stream().map(TaskId::value).toList());
        // Outer-joined: a group not declared in the run yet (group 0) counts every member 0.
        String sql = "SELECT d.task_id, COUNT(*), SUM(d.reward), SUM(CASE WHEN d.reward > 0 THEN 1 ELSE 0 END) FROM datasets d"
                + " LEFT JOIN consumer_group_uses u ON u.group_id = ? AND u.dataset_id = d.id WHERE d.run_id = ? AND d.task_id IN ("
                + marks(tasks.size()) + ")" + member(rules, usedValues, params, now, "COALESCE(u.used, 0)", "d.model_version") + " GROUP BY d.task_id";
        return sql(() -> query(sql, params, rows -> {
            MemberTally tally = new MemberTally();
            tally.taskId = TaskId.of(rows.getString(1));
            tally.members = rows.getLong(2);
            double sum = rows.getDouble(3);
            tally.rewardSum = rows.wasNull() ? null : sum;
            tally.positives = rows.getLong(4);
            return tally;
        }));
    }

    /** The least count in the group of each listed task's members (0 for a group not declared in the run yet). */
    public Map<TaskId, Integer> leastUsed(RunId run, Collection<TaskId> tasks) {
        List<Object> params = new ArrayList<>(List.of(group, run.value()));
        params.addAll(tasks.stream().map(TaskId::value).toList());
        String sql = "SELECT d.task_id, MIN(COALESCE(u.used, 0)) FROM datasets d LEFT JOIN consumer_group_uses u ON u.group_id = ?"
                + " AND u.dataset_id = d.id WHERE d.run_id = ? AND d.task_id IN (" + marks(tasks.size()) + ") GROUP BY d.task_id";
        Map<TaskId, Integer> least = new HashMap<>();
        sql(() -> query(sql, params, rows -> least.put(TaskId.of(rows.getString(1)), rows.getInt(2))));
        return least;
    }

    @Override
    public List<Integer> latestVersions(RunId run, int limit) {
        return records.latestVersions(run, limit);
    }

    @Override
    public Integer nextUsedValue(RunId run, int after, int maxUsed) {
        return sql(() -> minimum("SELECT MIN(used) FROM consumer_group_uses WHERE group_id = ? AND used > ? AND used < ?", group, after, maxUsed));
    }

    @Override
    public Integer nextModelVersion(RunId run, int used, int after) {
        return sql(() -> minimum("SELECT MIN(model_version) FROM consumer_group_uses WHERE group_id = ? AND used = ? AND model_version > ?",
                group, used, after));
    }

    private Integer minimum(String sql, Object... params) throws SQLException {
        List<Integer> values = query(sql, List.of(params), rows -> {
            int value = rows.getInt(1);
            return rows.wasNull() ? null : value;
        });
        return values.get(0);
    }

    /** A row of a result. */
    private interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> params, Reader<T> reader) throws SQLException {
        Connection connection = context.connection();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object value = params.get(i);
                if (value instanceof Instant) {
                    select.setString(i + 1, UtcInstantTypeHandler.toWire((Instant) value));
                } else {
                    select.setObject(i + 1, value);
                }
            }
            List<T> results = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    results.add(reader.read(rows));
                }
            }
            return results;
        }
    }

    private static String marks(int count) {
        return "?" + ",?".repeat(Math.max(0, count - 1));
    }
}
