package dev.trajectorydatasets.domain.lease;

import dev.trajectorydatasets.domain.DatasetRules;
import java.time.Instant;

/** What a record says about the lease that last took it: which, and until when it is held. */
public record LeaseHold(LeaseId leaseId, Instant until) {

    public LeaseHold {
        DatasetRules.required("leaseId", leaseId);
        DatasetRules.required("until", until);
    }

    /** Whether the record is out of every other claim's reach at {@code now}: the hold has not run out. */
    public boolean holdsAt(Instant now) {
        return until.isAfter(now);
    }

    /** Whether a record with {@code hold} (null when it has none) may be claimed at {@code now}. */
    public static boolean free(LeaseHold hold, Instant now) {
        return hold == null || !hold.holdsAt(now);
    }
}
