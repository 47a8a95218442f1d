package dev.trajectorydatasets.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Rows a claim reserved instead of counting: each is counted when the holder acknowledges it, given back when the
 * holder releases it, and simply eligible again once the lease has expired (no background job needed).
 *
 * @param runId     the run of the claim, when it named one
 * @param maxUsed   the claim's cap: an acknowledgement counts a use only while {@code used < maxUsed}
 * @param consumer  who took it (written on the usage events of its acknowledgements)
 * @param items     its rows in the order they were taken
 */
public record Lease(LeaseId id, Optional<RunId> runId, OptionalInt maxUsed, Optional<String> consumer, Instant createdAt,
                    Instant expiresAt, List<LeaseItem> items) {

    /** Most rows one lease holds (a leasing claim holds at most {@link ClaimRequest#MAX_COUNT} anyway). */
    public static final int MAX_ROWS = 10_000;

    public Lease {
        DatasetRules.required("id", id);
        DatasetRules.required("runId", runId);
        DatasetRules.required("maxUsed", maxUsed);
        DatasetRules.required("consumer", consumer);
        DatasetRules.required("createdAt", createdAt);
        DatasetRules.required("expiresAt", expiresAt);
        items = List.copyOf(DatasetRules.required("items", items));
    }

    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    public LeaseTicket ticket() {
        return new LeaseTicket(id, expiresAt);
    }

    /** The cap as a bound {@code used} must stay below. */
    public int usedCeiling() {
        return maxUsed.orElse(Integer.MAX_VALUE);
    }
}
