package dev.trajectorydatasets.domain;

import java.util.List;

/**
 * What acknowledging or releasing rows of a lease did.
 *
 * @param settled   acknowledged: the records after their use was counted; released: the records given back
 * @param unchanged rows already in the asked state (a repeated acknowledgement or release changes nothing), or
 *                  acknowledged rows asked to be released
 * @param lost      rows that could not be acknowledged or released: the lease had expired and another claim took
 *                  them or a write changed their use since, they reached their cap, they were released before, or
 *                  they were deleted
 */
public record LeaseSettlement(LeaseId leaseId, List<Dataset> settled, List<TrajectoryId> unchanged, List<TrajectoryId> lost) {

    public LeaseSettlement {
        DatasetRules.required("leaseId", leaseId);
        settled = List.copyOf(DatasetRules.required("settled", settled));
        unchanged = List.copyOf(DatasetRules.required("unchanged", unchanged));
        lost = List.copyOf(DatasetRules.required("lost", lost));
    }
}
