package dev.trajectorydatasets.domain.checkpoint.archfixture;

import dev.trajectorydatasets.domain.lease.LeaseId;

/** A deliberate violation (test code only): the checkpoint feature declares no use of leases. */
public final class CheckpointReachingIntoLeases {

    public long leaseOf(LeaseId lease) {
        return lease.value();
    }
}
