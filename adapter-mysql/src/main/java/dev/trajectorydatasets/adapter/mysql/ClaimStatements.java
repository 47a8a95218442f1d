package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.ClaimRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The statement each claim order reads its rows with: an exhaustive switch, so a new order cannot fall through. */
final class ClaimStatements {

    private ClaimStatements() {
    }

    static List<DatasetRow> select(DatasetMapper mapper, ClaimRequest request, boolean skipLocked, Instant now) {
        int count = request.count();
        return switch (request.order()) {
            case LEAST_USED -> mapper.claimLeastUsed(request, count, skipLocked, now);
            case OLDEST -> mapper.claimOldest(request, count, skipLocked, now);
            case NEWEST -> mapper.claimNewest(request, count, skipLocked, now);
            case RANDOM -> random(mapper, request, skipLocked, now);
        };
    }

    /**
     * Rows in {@code claim_key} order from a random key, wrapping around once: reads about {@code count} index
     * entries. Every row is equally likely to be taken when keys are evenly spread, which random keys are on
     * average; a row after a wide gap between keys is somewhat more likely to be first.
     */
    private static List<DatasetRow> random(DatasetMapper mapper, ClaimRequest request, boolean skipLocked, Instant now) {
        int pivot = ClaimKeys.next();
        List<DatasetRow> rows = new ArrayList<>(mapper.claimRandom(request, request.count(), skipLocked, pivot, true, now));
        if (rows.size() < request.count()) {
            rows.addAll(mapper.claimRandom(request, request.count() - rows.size(), skipLocked, pivot, false, now));
        }
        return rows;
    }
}
