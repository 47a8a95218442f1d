package dev.trajectorydatasets.domain.lease;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.TrajectoryId;

/**
 * One row of a lease.
 *
 * @param datasetId    the record's id
 * @param usedAtLease  the record's {@code used} when the lease took it: after expiry, an acknowledgement counts only
 *                     if nobody changed it since
 */
public record LeaseItem(long datasetId, TrajectoryId trajectoryId, int usedAtLease, LeaseItemState state) {

    public LeaseItem {
        DatasetRules.required("trajectoryId", trajectoryId);
        DatasetRules.notNegative("usedAtLease", usedAtLease);
        DatasetRules.required("state", state);
    }

    /** A row a new lease takes: {@code record} as it is, held. */
    public static LeaseItem held(Trajectory record) {
        return new LeaseItem(record.id(), record.trajectoryId(), record.used(), LeaseItemState.HELD);
    }

    public LeaseItem in(LeaseItemState next) {
        return new LeaseItem(datasetId, trajectoryId, usedAtLease, next);
    }
}
