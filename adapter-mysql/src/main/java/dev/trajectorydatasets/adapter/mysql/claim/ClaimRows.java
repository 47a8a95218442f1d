package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.Columns;
import dev.trajectorydatasets.adapter.mysql.shared.RecordReads;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.adapter.mysql.shared.UtcInstantTypeHandler;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.ClaimRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of claims on the {@code datasets} table, in plain JDBC on the unit's connection: the candidate rows of each
 * claim order, locked, and the conditional writes of a retried claim. Every claim runs one of these, so they are a
 * hot path: the text is concatenated from the request's few shapes (no OGNL), the values bound in order, and the
 * rows read by the one hand-written reader. Through the mapper, dynamic SQL and reflective row mapping were about
 * half of a random claim's time in the JVM.
 *
 * <p>With {@code skipLocked} (MySQL 8, MariaDB 10.6+): {@code FOR UPDATE SKIP LOCKED}, so concurrent claimers pass
 * each other's rows instead of queueing, and {@code FORCE INDEX} on the index that yields rows in claim order: the
 * optimizer would otherwise pick the {@code (run_id, used)} range for "used < cap", sort, and lock every eligible
 * row before {@code LIMIT}. Without (H2): neither; claims there are serialised in the process.
 */
final class ClaimRows {

    private final Connection connection;

    ClaimRows(Connection connection) {
        this.connection = connection;
    }

    /** What makes a row claimable by {@code request} now: its run, the cap, the version floor, and no live lease. */
    private static final class Claimable {
        final StringBuilder where = new StringBuilder();
        final List<Object> values = new ArrayList<>();

        Claimable(ClaimRequest request, Instant now) {
            if (request.runId().isPresent()) {
                and("run_id = ?", request.runId().get().value());
            }
            if (!request.excludedRuns().isEmpty()) {
                where.append(" AND (run_id IS NULL OR run_id NOT IN (");
                String separator = "";
                for (RunId excluded : request.excludedRuns()) {
                    where.append(separator).append('?');
                    values.add(excluded.value());
                    separator = ",";
                }
                where.append("))");
            }
            and("used < ?", request.usedCeiling());
            if (request.modelVersionMin().isPresent()) {
                and("model_version >= ?", request.modelVersionMin().getAsInt());
            }
            and(Columns.notHeld(""), UtcInstantTypeHandler.toWire(now));
        }

        Claimable and(String condition, Object value) {
            where.append(" AND ").append(condition);
            values.add(value);
            return this;
        }

        int bind(PreparedStatement statement, int first) throws SQLException {
            int p = first;
            for (Object value : values) {
                statement.setObject(p++, value);
            }
            return p;
        }
    }

    private static final String SELECT = "SELECT " + RecordReads.COLUMNS + " FROM datasets";

    List<TrajectoryRow> claimLeastUsed(ClaimRequest request, int limit, boolean skipLocked, Instant now) throws SQLException {
        String order;
        if (skipLocked) {
            order = "used, leased_until, id";
        } else {
            // H2 reads an index in order (no sort of every eligible row) only when ORDER BY spells its columns from the
            // first, and its index entries end with the row key (id): the same order, 0.3 ms instead of a sort.
            order = request.runId().isPresent() ? "run_id, used, leased_until" : "used, leased_until";
        }
        return select(request, now, skipLocked ? (request.runId().isPresent() ? "idx_run_used" : "idx_used") : null, order, limit, skipLocked);
    }

    List<TrajectoryRow> claimOldest(ClaimRequest request, int limit, boolean skipLocked, Instant now) throws SQLException {
        return select(request, now, skipLocked ? byId(request) : null, "id", limit, skipLocked);
    }

    List<TrajectoryRow> claimNewest(ClaimRequest request, int limit, boolean skipLocked, Instant now) throws SQLException {
        return select(request, now, skipLocked ? byId(request) : null, "id DESC", limit, skipLocked);
    }

    /** Claimable rows by {@code claim_key} from {@code pivot} up ({@code above}) or below it. */
    List<TrajectoryRow> claimRandom(ClaimRequest request, int limit, boolean skipLocked, int pivot, boolean above, Instant now) throws SQLException {
        Claimable claimable = new Claimable(request, now).and(above ? "claim_key >= ?" : "claim_key < ?", pivot);
        String index = skipLocked ? (request.runId().isPresent() ? "idx_run_claim_key" : "idx_claim_key") : null;
        return read(claimable, index, "claim_key", limit, skipLocked);
    }

    /**
     * The first rows a claim would take, read without locking: on a node of a multi-primary cluster (Galera) a claim
     * chooses some of them at random and locks only those ({@link #lockClaimable}), so claimers on different nodes,
     * who do not see each other's locks, rarely choose the same rows.
     */
    List<TrajectoryRow> claimWindow(ClaimRequest request, String order, int limit, Instant now) throws SQLException {
        boolean leastUsed = "LEAST_USED".equals(order);
        String index = leastUsed ? (request.runId().isPresent() ? "idx_run_used" : "idx_used") : byId(request);
        String by = leastUsed ? "used, leased_until, id" : "OLDEST".equals(order) ? "id" : "id DESC";
        return select(request, now, index, by, limit, false);
    }

    /** The chosen rows that are still claimable, locked (passing rows others hold). */
    List<TrajectoryRow> lockClaimable(ClaimRequest request, List<Long> ids, int limit, Instant now) throws SQLException {
        Claimable claimable = new Claimable(request, now);
        String sql = SELECT + " WHERE id IN (" + BulkStatements.marks(ids.size()) + ")" + claimable.where + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            for (long id : ids) {
                select.setLong(p++, id);
            }
            p = claimable.bind(select, p);
            select.setInt(p, limit);
            return RecordReads.rows(select);
        }
    }

    /** Counts one use of a row only if nothing changed it since it was read and it is still claimable. */
    int incrementIfUnchanged(long id, int expectedUsed, ClaimRequest request, Instant now) throws SQLException {
        Claimable claimable = new Claimable(request, now);
        try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET used = used + 1 WHERE id = ? AND used = ?" + claimable.where)) {
            update.setLong(1, id);
            update.setInt(2, expectedUsed);
            claimable.bind(update, 3);
            return update.executeUpdate();
        }
    }

    /** Holds a row for a lease only if nothing changed it since it was read and it is still claimable. */
    int holdIfUnchanged(long id, int expectedUsed, ClaimRequest request, Instant now, long leaseId, Instant until) throws SQLException {
        Claimable claimable = new Claimable(request, now);
        try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET lease_id = ?, leased_until = ? WHERE id = ? AND used = ?"
                + claimable.where)) {
            update.setLong(1, leaseId);
            update.setString(2, UtcInstantTypeHandler.toWire(until));
            update.setLong(3, id);
            update.setInt(4, expectedUsed);
            claimable.bind(update, 5);
            return update.executeUpdate();
        }
    }

    private static String byId(ClaimRequest request) {
        return request.runId().isPresent() ? "idx_run_id" : "PRIMARY";
    }

    private List<TrajectoryRow> select(ClaimRequest request, Instant now, String index, String order, int limit, boolean lock) throws SQLException {
        return read(new Claimable(request, now), index, order, limit, lock);
    }

    private List<TrajectoryRow> read(Claimable claimable, String index, String order, int limit, boolean lock) throws SQLException {
        String sql = SELECT + (index == null ? "" : " FORCE INDEX (" + index + ")") + " WHERE " + claimable.where.substring(" AND ".length())
                + " ORDER BY " + order + " LIMIT ?" + (lock ? " FOR UPDATE SKIP LOCKED" : "");
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = claimable.bind(select, 1);
            select.setInt(p, limit);
            return RecordReads.rows(select);
        }
    }
}
