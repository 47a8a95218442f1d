package dev.trajectorydatasets.application.trajectory;

import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.util.List;

/**
 * What a create that skips existing trajectories did: the records it created, and the trajectory ids it left as
 * they were (stored already, or repeated in the batch), in the order given.
 */
public record CreateReport(List<Trajectory> created, List<TrajectoryId> skipped) {

    /** Checks every component (see the record's description). */
    public CreateReport {
        created = List.copyOf(created);
        skipped = List.copyOf(skipped);
    }
}
