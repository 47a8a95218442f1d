package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.UtcInstantTypeHandler;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.claim.GroupRules;
import dev.trajectorydatasets.domain.claim.TaskStanding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What both kinds of {@link Members} write and send: the member rules ({@link GroupRules#admits}) as a WHERE clause
 * over the columns they are given, and a statement run with its values bound in order (plain JDBC, package-info's
 * SQL rule). The default group reads them off {@code datasets}; another group off its rows in
 * {@code consumer_group_uses} joined to the records.
 */
final class MemberSql {

    /**
     * Where the member rules read: {@code used} and {@code version} (expressions), the record's columns prefixed by
     * {@code record} ({@code task_id}, {@code reward}), the hold's by {@code held} ({@code leased_until}).
     */
    record Columns(String used, String version, String record, String held) {
    }

    /** The records' own columns on {@code datasets}, unaliased. */
    static final Columns RECORDS = new Columns("used", "model_version", "", "");

    private MemberSql() {
    }

    /** The member rules after an {@code AND}, their values appended to {@code params}. */
    static String member(GroupRules rules, List<Integer> usedValues, List<Object> params, Instant now, Columns columns) {
        StringBuilder where = new StringBuilder(" AND ").append(columns.record()).append("task_id IS NOT NULL");
        if (usedValues != null) {
            where.append(" AND ").append(columns.used()).append(" IN (").append(BulkStatements.marks(usedValues.size())).append(')');
            params.addAll(usedValues);
        } else {
            where.append(" AND ").append(columns.used()).append(" < ?");
            params.add(rules.criteria().maxUsed());
        }
        if (rules.criteria().needsReward()) {
            where.append(" AND ").append(columns.record()).append("reward IS NOT NULL");
        }
        if (rules.modelVersionMin().isPresent()) {
            where.append(" AND ").append(columns.version()).append(" >= ?");
            params.add(rules.modelVersionMin().getAsInt());
        }
        if (rules.freshnessIsVersionSet()) {
            where.append(" AND ").append(columns.version()).append(" IN (").append(BulkStatements.marks(rules.freshVersions().size())).append(')');
            params.addAll(rules.freshVersions());
        }
        where.append(" AND ").append(dev.trajectorydatasets.adapter.mysql.shared.Columns.notHeld(columns.held()));
        params.add(now);
        return where.toString();
    }

    /** A row of a result. */
    interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** A walk's entry: task id, created_at, id. */
    static final Reader<Candidate> CANDIDATE = rows -> {
        Candidate candidate = new Candidate();
        candidate.taskId = TaskId.of(rows.getString(1));
        candidate.createdAt = UtcInstantTypeHandler.read(rows, 2);
        candidate.id = rows.getLong(3);
        return candidate;
    };

    /** A task's tally: task id, members, reward sum, positives. */
    static final Reader<MemberTally> TALLY = rows -> {
        MemberTally tally = new MemberTally();
        tally.taskId = TaskId.of(rows.getString(1));
        tally.members = rows.getLong(2);
        double sum = rows.getDouble(3);
        tally.rewardSum = rows.wasNull() ? null : sum;
        tally.positives = rows.getLong(4);
        return tally;
    };

    /**
     * The rest of a walk's page: the entries after {@code after} in ({@code created}, {@code id}) order (descending
     * for newest first), that order, and the limit.
     */
    static void page(StringBuilder sql, List<Object> params, TaskStanding after, boolean descending, int limit, String created, String id) {
        if (after != null) {
            String before = descending ? " < ?" : " > ?";
            sql.append(" AND (").append(created).append(before).append(" OR (").append(created).append(" = ? AND ").append(id).append(before).append("))");
            params.add(after.createdAt());
            params.add(after.createdAt());
            params.add(after.id());
        }
        String direction = descending ? " DESC" : "";
        sql.append(" ORDER BY ").append(created).append(direction).append(", ").append(id).append(direction).append(" LIMIT ").append(limit);
    }

    /** Runs {@code sql} on the unit's connection with {@code params} bound in order; every row read by {@code reader}. */
    static <T> List<T> query(SqlContext context, String sql, List<?> params, Reader<T> reader) throws SQLException {
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

    /** The one integer {@code sql} selects (a MIN), or null. */
    static Integer minimum(SqlContext context, String sql, Object... params) throws SQLException {
        List<Integer> values = query(context, sql, List.of(params), rows -> {
            int value = rows.getInt(1);
            return rows.wasNull() ? null : value;
        });
        return values.get(0);
    }
}
