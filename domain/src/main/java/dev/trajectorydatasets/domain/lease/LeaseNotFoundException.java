package dev.trajectorydatasets.domain.lease;

import dev.trajectorydatasets.domain.DatasetException;

/** No lease has this id (it never existed, or it was purged long after it ended). */
public final class LeaseNotFoundException extends DatasetException {

    private final LeaseId leaseId;

    public LeaseNotFoundException(LeaseId leaseId) {
        super("lease " + leaseId + " does not exist");
        this.leaseId = leaseId;
    }

    public LeaseId leaseId() {
        return leaseId;
    }
}
