package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.Columns;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRows;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
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

    /** The member rules on the group's row {@code u} and its record {@code d}. */
    private static final MemberSql.Columns JOINED = new MemberSql.Columns("u.used", "u.model_version", "d.", "u.");
    /** The same outer-joined: a record without a row in the group counts 0 uses and holds nothing. */
    private static final MemberSql.Columns OUTER = new MemberSql.Columns("COALESCE(u.used, 0)", "d.model_version", "d.", "u.");

    @Override
    public List<Candidate> walk(RunId run, GroupRules rules, List<Integer> usedValues, Integer usedValue, Integer version,
                                TaskStanding after, boolean descending, int limit, boolean skipLocked, Instant now) {
        List<Object> params = new ArrayList<>(List.of(group));
        StringBuilder sql = new StringBuilder("SELECT d.task_id, u.created_at, u.dataset_id FROM consumer_group_uses u")
                .append(usedValue != null && skipLocked ? " FORCE INDEX (idx_group_uses_walk)" : "")
                .append(" JOIN datasets d ON d.id = u.dataset_id WHERE u.group_id = ?");
        if (usedValue != null) {
            sql.append(" AND u.used = ? AND u.model_version = ? AND ").append(Columns.notHeld("u.")).append(" AND d.task_id IS NOT NULL");
            params.add(usedValue);
            params.add(version);
            params.add(now);
            if (rules.criteria().needsReward()) {
                sql.append(" AND d.reward IS NOT NULL");
            }
        } else {
            sql.append(MemberSql.member(rules, usedValues, params, now, JOINED));
        }
        MemberSql.page(sql, params, after, descending, limit, "u.created_at", "u.dataset_id");
        return sql(() -> MemberSql.query(context, sql.toString(), params, MemberSql.CANDIDATE));
    }

    @Override
    public List<TaskId> eligibleTaskIds(RunId run, GroupRules rules, List<Integer> usedValues, Instant now) {
        List<Object> params = new ArrayList<>(List.of(group));
        String sql = "SELECT DISTINCT d.task_id FROM consumer_group_uses u JOIN datasets d ON d.id = u.dataset_id WHERE u.group_id = ?"
                + MemberSql.member(rules, usedValues, params, now, JOINED);
        return sql(() -> MemberSql.query(context, sql, params, rows -> TaskId.of(rows.getString(1))));
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
                + BulkStatements.marks(tasks.size()) + ")" + MemberSql.member(rules, usedValues, params, now, JOINED)
                + (positive == null ? "" : positive ? " AND d.reward > 0" : " AND d.reward <= 0")
                + " ORDER BY d.task_id, d.model_version DESC, d.id";
        Map<String, List<Long>> candidates = new LinkedHashMap<>();
        for (Object[] row : MemberSql.query(context, sql, params, rows -> new Object[]{rows.getLong(1), rows.getString(2)})) {
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
                + BulkStatements.marks(tasks.size()) + ")" + MemberSql.member(rules, usedValues, params, now, OUTER) + " GROUP BY d.task_id";
        return sql(() -> MemberSql.query(context, sql, params, MemberSql.TALLY));
    }

    /** The least count in the group of each listed task's members (0 for a group not declared in the run yet). */
    public Map<TaskId, Integer> leastUsed(RunId run, Collection<TaskId> tasks) {
        List<Object> params = new ArrayList<>(List.of(group, run.value()));
        params.addAll(tasks.stream().map(TaskId::value).toList());
        String sql = "SELECT d.task_id, MIN(COALESCE(u.used, 0)) FROM datasets d LEFT JOIN consumer_group_uses u ON u.group_id = ?"
                + " AND u.dataset_id = d.id WHERE d.run_id = ? AND d.task_id IN (" + BulkStatements.marks(tasks.size()) + ") GROUP BY d.task_id";
        Map<TaskId, Integer> least = new HashMap<>();
        sql(() -> MemberSql.query(context, sql, params, rows -> least.put(TaskId.of(rows.getString(1)), rows.getInt(2))));
        return least;
    }

    @Override
    public List<Integer> latestVersions(RunId run, int limit) {
        return records.latestVersions(run, limit);
    }

    @Override
    public Integer nextUsedValue(RunId run, int after, int maxUsed) {
        return sql(() -> MemberSql.minimum(context, "SELECT MIN(used) FROM consumer_group_uses WHERE group_id = ? AND used > ? AND used < ?", group, after, maxUsed));
    }

    @Override
    public Integer nextModelVersion(RunId run, int used, int after) {
        return sql(() -> MemberSql.minimum(context, "SELECT MIN(model_version) FROM consumer_group_uses WHERE group_id = ? AND used = ? AND model_version > ?",
                group, used, after));
    }
}
