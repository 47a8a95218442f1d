package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.ClaimKeys;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** The statement each claim order reads its rows with: an exhaustive switch, so a new order cannot fall through. */
public final class ClaimStatements {

    private ClaimStatements() {
    }

    /**
     * Which rows of a window a retried claim on this database server chooses from: a node of a Galera cluster
     * ({@code wsrep_local_index} of {@code wsrep_cluster_size}) takes blocks no other node's retries take; a server
     * alone is the one stripe of one.
     */
    record Stripe(int index, int of) {
        static final Stripe ONE = new Stripe(0, 1);

        /** This connection's server's stripe (asked on retries only: one more round trip). */
        static Stripe of(Connection connection) throws SQLException {
            int index = 0;
            int size = 1;
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SHOW STATUS WHERE Variable_name IN ('wsrep_local_index', 'wsrep_cluster_size')")) {
                while (rows.next()) {
                    int value = Integer.parseInt(rows.getString(2));
                    if ("wsrep_local_index".equalsIgnoreCase(rows.getString(1))) {
                        index = value;
                    } else {
                        size = value;
                    }
                }
            } catch (NumberFormatException notANode) {
                return ONE;
            }
            return size < 1 || index < 0 || index >= size ? ONE : new Stripe(index, size);
        }
    }

    static List<TrajectoryRow> select(ClaimRows rows, ClaimRequest request, boolean skipLocked, Instant now, int spread, Stripe stripe)
            throws SQLException {
        int count = request.count();
        if (spread > 1 && skipLocked && request.order() != ClaimOrder.RANDOM) {
            return spread(rows, request, now, spread, stripe);
        }
        return switch (request.order()) {
            case LEAST_USED -> rows.claimLeastUsed(request, count, skipLocked, now);
            case OLDEST -> rows.claimOldest(request, count, skipLocked, now);
            case NEWEST -> rows.claimNewest(request, count, skipLocked, now);
            case RANDOM -> random(rows, request, skipLocked, now);
        };
    }

    /**
     * A claim retried after a conflict, avoiding the rows others want. Claimers that start together take the first
     * blocks of {@code count} rows in the claim's order (first attempts, and on one server the claimers passing
     * each other's locks), and claimers on different nodes of a Galera cluster, who do not see each other's locks,
     * all take those same blocks: one of them is refused at commit. So a retry reads the first rows of its order
     * without locking, skips the first {@code stripes} blocks, and takes a block at random among the next
     * {@code spread} blocks of its own stripe (block {@code b} belongs to stripe {@code b mod stripes}): retries on
     * different nodes never choose the same block, and few retries on one node do. It locks that block's rows still
     * claimable (passing rows others hold); if some were taken meanwhile, it tops up from the rest of the window.
     * Returns them in the claim's order.
     */
    private static List<TrajectoryRow> spread(ClaimRows rows, ClaimRequest request, Instant now, int spread, Stripe stripe) throws SQLException {
        int count = request.count();
        int block = ThreadLocalRandom.current().nextInt(1, spread + 1) * stripe.of() + stripe.index();
        long windowRows = Math.min(ClaimRequest.MAX_COUNT, (long) count * ((long) (spread + 1) * stripe.of()));
        List<TrajectoryRow> window = rows.claimWindow(request, request.order().name(), (int) windowRows, now);
        List<Long> order = window.stream().map(TrajectoryRow::getId).toList();
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        // The chosen block; where the window is shorter (few rows left), its last block.
        int from = (int) Math.min((long) block * count, Math.max(0, order.size() - count));
        List<Long> chosen = new ArrayList<>(order.subList(from, Math.min(order.size(), from + count)));
        List<TrajectoryRow> locked = chosen.isEmpty() ? new ArrayList<>()
                : new ArrayList<>(rows.lockClaimable(request, chosen, chosen.size(), now));
        if (locked.size() < count && window.size() > chosen.size()) {
            Set<Long> tried = new HashSet<>(chosen);
            List<Long> rest = order.stream().filter(id -> !tried.contains(id)).toList();
            locked.addAll(rows.lockClaimable(request, rest, count - locked.size(), now));
        }
        locked.sort(Comparator.comparingInt(row -> position.get(row.getId())));
        return locked;
    }

    /**
     * Rows in {@code claim_key} order from a random key, wrapping around once: reads about {@code count} index
     * entries. Every row is equally likely to be taken when keys are evenly spread, which random keys are on
     * average; a row after a wide gap between keys is somewhat more likely to be first.
     */
    private static List<TrajectoryRow> random(ClaimRows rows, ClaimRequest request, boolean skipLocked, Instant now) throws SQLException {
        int pivot = ClaimKeys.next();
        List<TrajectoryRow> taken = new ArrayList<>(rows.claimRandom(request, request.count(), skipLocked, pivot, true, now));
        if (taken.size() < request.count()) {
            taken.addAll(rows.claimRandom(request, request.count() - taken.size(), skipLocked, pivot, false, now));
        }
        return taken;
    }
}
