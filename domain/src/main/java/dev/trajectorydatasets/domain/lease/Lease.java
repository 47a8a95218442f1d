package dev.trajectorydatasets.domain.lease;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * @param group     the consumer group it holds its rows for (and counts them in): another group can still take them
 */
public record Lease(LeaseId id, Optional<RunId> runId, OptionalInt maxUsed, Optional<String> consumer, Instant createdAt,
                    Instant expiresAt, List<LeaseItem> items, ConsumerGroup group) {

    /** Most rows one lease holds (a leasing claim holds at most {@link dev.trajectorydatasets.domain.claim.ClaimRequest#MAX_COUNT} anyway). */
    public static final int MAX_ROWS = 10_000;

    public Lease {
        DatasetRules.required("id", id);
        DatasetRules.required("runId", runId);
        DatasetRules.required("maxUsed", maxUsed);
        DatasetRules.required("consumer", consumer);
        DatasetRules.required("createdAt", createdAt);
        DatasetRules.required("expiresAt", expiresAt);
        items = List.copyOf(DatasetRules.required("items", items));
        DatasetRules.required("group", group);
    }

    /** The same lease running out at {@code until} (an extension). */
    public Lease expiringAt(Instant until) {
        return new Lease(id, runId, maxUsed, consumer, createdAt, until, items, group);
    }

    /** The same lease with {@code changed} rows (matched by record id) in place of its own. */
    public Lease withItems(List<LeaseItem> changed) {
        Map<Long, LeaseItem> byRecord = new HashMap<>();
        changed.forEach(item -> byRecord.put(item.datasetId(), item));
        return new Lease(id, runId, maxUsed, consumer, createdAt, expiresAt,
                items.stream().map(item -> byRecord.getOrDefault(item.datasetId(), item)).toList(), group);
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
