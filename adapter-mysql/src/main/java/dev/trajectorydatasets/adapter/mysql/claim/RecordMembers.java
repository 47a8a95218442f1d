package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.Columns;
import dev.trajectorydatasets.adapter.mysql.shared.RecordReads;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.claim.GroupRules;
import dev.trajectorydatasets.domain.claim.TaskStanding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/**
 * {@link Members} of the default consumer group: the rows of {@code datasets}, whose {@code used} and holds are the
 * records' own. Plain JDBC (issue 33: as a MyBatis mapper, OGNL and reflective mapping were 40-50% of a loaded
 * server's JVM samples in group claims). A small {@code max_used} is spelt as {@code used IN (0, .., k-1)}: with
 * {@code model_version IN (...)} the optimizer then reads exactly the (run_id, used, model_version) ranges of
 * {@code idx_group_claim} that hold eligible rows, however many unused rows of stale versions the run keeps.
 */
public final class RecordMembers implements Members {

    private static final String WALK = "SELECT task_id, created_at, id FROM datasets";
    private static final String RECORD = "SELECT " + RecordReads.COLUMNS + " FROM datasets";

    private final SqlContext context;

    public RecordMembers(SqlContext context) {
        this.context = context;
    }

    /**
     * Narrow (one value of used, one model version): an equality prefix of idx_group_claim read in index order, no
     * sort, stopping at the limit, passing rows a live lease holds inside the index (V14). Wide: the member rules, sorted.
     */
    @Override
    public List<Candidate> walk(RunId run, GroupRules rules, List<Integer> usedValues, Integer usedValue, Integer version,
                                TaskStanding after, boolean descending, int limit, boolean skipLocked, Instant now) {
        List<Object> params = new ArrayList<>(List.of(run.value()));
        StringBuilder sql = new StringBuilder(WALK).append(usedValue != null && skipLocked ? " FORCE INDEX (idx_group_claim)" : "")
                .append(" WHERE run_id = ?");
        if (usedValue != null) {
            sql.append(" AND used = ? AND model_version = ? AND task_id IS NOT NULL")
                    .append(rules.criteria().needsReward() ? " AND reward IS NOT NULL" : "")
                    .append(" AND ").append(Columns.notHeld(""));
            params.add(usedValue);
            params.add(version);
            params.add(now);
        } else {
            sql.append(MemberSql.member(rules, usedValues, params, now, MemberSql.RECORDS));
        }
        MemberSql.page(sql, params, after, descending, limit, "created_at", "id");
        return sql(() -> MemberSql.query(context, sql.toString(), params, MemberSql.CANDIDATE));
    }

    /** Every task with an eligible member (random order: all are candidates). */
    @Override
    public List<TaskId> eligibleTaskIds(RunId run, GroupRules rules, List<Integer> usedValues, Instant now) {
        List<Object> params = new ArrayList<>(List.of(run.value()));
        String sql = "SELECT DISTINCT task_id FROM datasets WHERE run_id = ?" + MemberSql.member(rules, usedValues, params, now, MemberSql.RECORDS);
        return sql(() -> MemberSql.query(context, sql, params, rows -> TaskId.of(rows.getString(1))));
    }

    /**
     * {@link #lockGroup} for several tasks in one statement (MySQL/MariaDB): a UNION ALL of locking reads, each with
     * its own LIMIT and SKIP LOCKED, so a claim of 16 groups sends 1 statement, not 16.
     */
    @Override
    public List<TrajectoryRow> lockGroups(RunId run, GroupRules rules, List<Integer> usedValues, List<TaskId> tasks, int limit, Instant now) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        for (TaskId task : tasks) {
            sql.append(sql.length() == 0 ? "" : " UNION ALL ").append('(').append(lockOne(run, rules, usedValues, task, null, limit, true, now, params))
                    .append(')');
        }
        return sql(() -> MemberSql.query(context, sql.toString(), params, RecordReads::record));
    }

    /**
     * One group of a task, locked: its first free eligible members in {@link GroupRules#MEMBER_ORDER} (only positive or
     * only non-positive rewards when asked); with skipLocked, rows another claim holds are passed, so concurrent
     * claims lock different groups of one task.
     */
    @Override
    public List<TrajectoryRow> lockGroup(RunId run, GroupRules rules, List<Integer> usedValues, TaskId task, Boolean positive, int limit,
                                         boolean skipLocked, Instant now) {
        List<Object> params = new ArrayList<>();
        String sql = lockOne(run, rules, usedValues, task, positive, limit, skipLocked, now, params);
        return sql(() -> MemberSql.query(context, sql, params, RecordReads::record));
    }

    private static String lockOne(RunId run, GroupRules rules, List<Integer> usedValues, TaskId task, Boolean positive, int limit,
                                  boolean skipLocked, Instant now, List<Object> params) {
        params.add(run.value());
        String member = MemberSql.member(rules, usedValues, params, now, MemberSql.RECORDS);
        params.add(task.value());
        return RECORD + (skipLocked ? " FORCE INDEX (idx_task_members)" : "") + " WHERE run_id = ?" + member + " AND task_id = ?"
                + (positive == null ? "" : positive ? " AND reward > 0" : " AND reward <= 0")
                + " ORDER BY model_version DESC, id LIMIT " + limit + " FOR UPDATE" + (skipLocked ? " SKIP LOCKED" : "");
    }

    /**
     * Per listed task, how many eligible members, their reward sum and how many rewards are above 0 (what
     * {@link GroupRules#admitsTask} needs), added up in the database instead of reading the members.
     */
    @Override
    public List<MemberTally> memberTallies(RunId run, GroupRules rules, List<Integer> usedValues, Collection<TaskId> tasks, Instant now) {
        List<Object> params = new ArrayList<>(List.of(run.value()));
        String member = MemberSql.member(rules, usedValues, params, now, MemberSql.RECORDS);
        params.addAll(tasks.stream().map(TaskId::value).toList());
        String sql = "SELECT task_id, COUNT(*), SUM(reward), SUM(CASE WHEN reward > 0 THEN 1 ELSE 0 END) FROM datasets WHERE run_id = ?"
                + member + " AND task_id IN (" + BulkStatements.marks(tasks.size()) + ") GROUP BY task_id";
        return sql(() -> MemberSql.query(context, sql, params, MemberSql.TALLY));
    }

    @Override
    public List<Integer> latestVersions(RunId run, int limit) {
        return sql(() -> MemberSql.query(context, "SELECT version FROM checkpoints WHERE run_id = ? ORDER BY version DESC LIMIT " + limit,
                List.of(run.value()), rows -> rows.getInt(1)));
    }

    /** A skip scan of idx_group_claim, one index dive: the run's next value of used after one (below a cap). */
    @Override
    public Integer nextUsedValue(RunId run, int after, int maxUsed) {
        return sql(() -> MemberSql.minimum(context, "SELECT MIN(used) FROM datasets WHERE run_id = ? AND used > ? AND used < ?",
                run.value(), after, maxUsed));
    }

    /** A skip scan of idx_group_claim, one index dive: the next model version among the run's rows of one value of used. */
    @Override
    public Integer nextModelVersion(RunId run, int used, int after) {
        return sql(() -> MemberSql.minimum(context, "SELECT MIN(model_version) FROM datasets WHERE run_id = ? AND used = ? AND model_version > ?",
                run.value(), used, after));
    }
}
