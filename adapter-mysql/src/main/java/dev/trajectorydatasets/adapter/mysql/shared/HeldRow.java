package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.lease.LeaseHold;
import dev.trajectorydatasets.domain.lease.LeaseId;

import java.time.Instant;

/** A leased row with its hold, read locked. */
public final class HeldRow extends TrajectoryRow {
    public Long leaseId;
    public Instant leasedUntil;

    public LeaseHold hold() {
        return leaseId == null ? null : new LeaseHold(LeaseId.of(leaseId), leasedUntil);
    }
}
