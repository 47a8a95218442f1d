package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.ClaimKeys;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRows;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRuns;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRowMapper;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Claims in one consumer group of a run other than the default (issue 32): the group's rows are locked (passing rows
 * others hold), never the records, and counted or held in the group. Least used, oldest and newest read the group's
 * own indexes in claim order ({@link ConsumerGroupRows#lockFirst}); random walks the run's {@code claim_key} index
 * from a random key without locking and locks the eligible rows it meets in the group, a window at a time.
 */
final class ConsumerGroupClaims {

    private static final TrajectoryRowMapper ROWS = TrajectoryRowMapper.INSTANCE;

    private final SqlContext context;
    private final boolean skipLocked;
    final int group;

    private ConsumerGroupClaims(SqlContext context, boolean skipLocked, int group) {
        this.context = context;
        this.skipLocked = skipLocked;
        this.group = group;
    }

    /** The claims of the unit's consumer group in {@code run} (declared when it is not a group of the run yet). */
    static ConsumerGroupClaims in(SqlContext context, boolean skipLocked, RunId run) throws SQLException {
        return new ConsumerGroupClaims(context, skipLocked,
                ConsumerGroupRuns.declare(context.connection(), context.dialect, run, context.origin.group(), context.clock.instant()));
    }

    /** The run a claim in a group must name. */
    static RunId runOf(SqlContext context, ClaimRequest request) {
        return request.runId().orElseThrow(() -> new InvalidInputException("runId",
                "a claim in consumer group " + context.origin.group() + " names its run"));
    }

    /** The records a claim takes, their rows in the group locked, as the group counts them; none when too few. */
    List<Trajectory> take(ClaimRequest request, Instant now) throws SQLException {
        List<ConsumerGroupRows.Count> locked = switch (request.order()) {
            case LEAST_USED, OLDEST, NEWEST -> ConsumerGroupRows.lockFirst(context.connection(), group, request.order().name(),
                    request.usedCeiling(), request.modelVersionMin(), now, request.count(), skipLocked);
            case RANDOM -> random(request, now);
        };
        if (!request.enough(locked.size())) {
            return List.of();
        }
        return seen(locked);
    }

    /** The records of the locked rows, in the rows' order, with the group's counts (a record deleted meanwhile left out). */
    List<Trajectory> seen(List<ConsumerGroupRows.Count> locked) throws SQLException {
        Map<Long, Integer> used = new HashMap<>();
        locked.forEach(count -> used.put(count.datasetId(), count.used()));
        List<TrajectoryRow> rows = ConsumerGroupRows.records(context.connection(), locked.stream().map(ConsumerGroupRows.Count::datasetId).toList());
        rows.forEach(row -> row.setUsed(used.get(row.getId())));
        return ROWS.toTrajectories(rows);
    }

    /** Windows of the run's records in {@code claim_key} order from a random key (wrapping once), their eligible rows locked. */
    private List<ConsumerGroupRows.Count> random(ClaimRequest request, Instant now) throws SQLException {
        RunId run = request.runId().orElseThrow();
        int pivot = ClaimKeys.next();
        List<ConsumerGroupRows.Count> taken = new ArrayList<>();
        for (boolean above : new boolean[]{true, false}) {
            Integer after = null;
            while (taken.size() < request.count()) {
                int window = Math.max(64, 4 * (request.count() - taken.size()));
                List<long[]> keys = window(run, above, pivot, after, window);
                if (keys.isEmpty()) {
                    break;
                }
                after = (int) keys.get(keys.size() - 1)[1];
                List<Long> ids = keys.stream().map(key -> key[0]).toList();
                Map<Long, ConsumerGroupRows.Count> locked = new HashMap<>();
                ConsumerGroupRows.lockEligible(context.connection(), group, ids, request.usedCeiling(), request.modelVersionMin(), now, skipLocked)
                        .forEach(count -> locked.put(count.datasetId(), count));
                for (long id : ids) {
                    if (locked.containsKey(id) && taken.size() < request.count()) {
                        taken.add(locked.get(id));
                    }
                }
                if (keys.size() < window) {
                    break;
                }
            }
        }
        return taken;
    }

    /** Up to {@code limit} (id, claim_key) of the run from the pivot up (or below it), after {@code after}'s key. */
    private List<long[]> window(RunId run, boolean above, int pivot, Integer after, int limit) throws SQLException {
        String range = above ? "claim_key >= ?" : "claim_key < ?";
        try (PreparedStatement select = context.connection().prepareStatement("SELECT id, claim_key FROM datasets"
                + (skipLocked ? " FORCE INDEX (idx_run_claim_key)" : "") + " WHERE run_id = ? AND " + range
                + (after == null ? "" : " AND claim_key > ?") + " ORDER BY claim_key LIMIT " + limit)) {
            select.setString(1, run.value());
            select.setInt(2, pivot);
            if (after != null) {
                select.setInt(3, after);
            }
            List<long[]> keys = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(new long[]{rows.getLong(1), rows.getInt(2)});
                }
            }
            return keys;
        }
    }
}
