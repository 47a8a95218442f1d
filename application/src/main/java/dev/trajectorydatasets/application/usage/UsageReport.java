package dev.trajectorydatasets.application.usage;

import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UseResult;

import java.util.ArrayList;
import java.util.List;

/**
 * What recording uses of several trajectories did.
 *
 * @param used     the records that were used, after the change, in the order asked
 * @param notFound trajectory ids with no record
 * @param atLimit  trajectory ids whose cap left them unchanged
 */
public record UsageReport(List<Trajectory> used, List<TrajectoryId> notFound, List<TrajectoryId> atLimit) {

    /** Checks every component (see the record's description). */
    public UsageReport {
        used = List.copyOf(used);
        notFound = List.copyOf(notFound);
        atLimit = List.copyOf(atLimit);
    }

    static UsageReport of(List<UseResult> results) {
        List<Trajectory> used = new ArrayList<>();
        List<TrajectoryId> notFound = new ArrayList<>();
        List<TrajectoryId> atLimit = new ArrayList<>();
        for (UseResult result : results) {
            switch (result.outcome()) {
                case USED -> used.add(result.dataset().orElseThrow());
                case NOT_FOUND -> notFound.add(result.trajectoryId());
                case AT_LIMIT -> atLimit.add(result.trajectoryId());
            }
        }
        return new UsageReport(used, notFound, atLimit);
    }
}
