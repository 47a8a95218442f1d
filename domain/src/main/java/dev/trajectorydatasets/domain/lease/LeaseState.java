package dev.trajectorydatasets.domain.lease;

import java.time.Instant;

/** Where a whole lease stands at a moment: what a listing of a consumer's leases filters on. */
public enum LeaseState {
    /** Has not run out and still holds rows its holder has neither acknowledged nor released. */
    HELD,
    /** Has not run out, and every row was acknowledged, released or lost. */
    SETTLED,
    /** Ran out: rows it still names as held are eligible for every claim again. */
    EXPIRED;

    /** Where {@code lease} stands at {@code now}. */
    public static LeaseState of(Lease lease, Instant now) {
        if (lease.expiredAt(now)) {
            return EXPIRED;
        }
        return lease.items().stream().anyMatch(item -> item.state() == LeaseItemState.HELD) ? HELD : SETTLED;
    }
}
