package dev.trajectorydatasets.domain.lease;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.TrajectoryId;
import java.util.List;
import java.util.Optional;

/**
 * What acknowledging or releasing rows of a lease did.
 *
 * @param runId     the lease's run, when its claim named one
 * @param settled   acknowledged: the records after their use was counted; released: the records given back
 * @param unchanged rows already in the asked state (a repeated acknowledgement or release changes nothing), or
 *                  acknowledged rows asked to be released
 * @param lost      rows that could not be acknowledged or released: the lease had expired and another claim took
 *                  them or a write changed their use since, they reached their cap, they were released before, or
 *                  they were deleted
 */
public record LeaseSettlement(LeaseId leaseId, Optional<RunId> runId, List<Trajectory> settled, List<TrajectoryId> unchanged,
                              List<TrajectoryId> lost) {

    public LeaseSettlement {
        DatasetRules.required("leaseId", leaseId);
        DatasetRules.required("runId", runId);
        settled = List.copyOf(DatasetRules.required("settled", settled));
        unchanged = List.copyOf(DatasetRules.required("unchanged", unchanged));
        lost = List.copyOf(DatasetRules.required("lost", lost));
    }
}
