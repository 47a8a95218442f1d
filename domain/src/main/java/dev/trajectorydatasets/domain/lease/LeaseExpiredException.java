package dev.trajectorydatasets.domain.lease;

import dev.trajectorydatasets.domain.DatasetException;
import java.time.Instant;

/** The lease ran out before the request: it can no longer be extended (its rows may be acknowledged still). */
public final class LeaseExpiredException extends DatasetException {

    private final LeaseId leaseId;

    public LeaseExpiredException(LeaseId leaseId, Instant expiredAt) {
        super("lease " + leaseId + " expired at " + expiredAt + "; rows nobody took since can still be acknowledged");
        this.leaseId = leaseId;
    }

    public LeaseId leaseId() {
        return leaseId;
    }
}
