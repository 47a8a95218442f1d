package dev.trajectorydatasets.application.trajectory;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;

/** One item of a batch update: which trajectory, and what changes. At least one field must change. */
public record TrajectoryUpdate(TrajectoryId trajectoryId, TrajectoryChanges changes) {

    /** Checks every component (see the record's description). */
    public TrajectoryUpdate {
        DatasetRules.required("trajectoryId", trajectoryId);
        requireSomeChange(changes);
    }

    static TrajectoryChanges requireSomeChange(TrajectoryChanges changes) {
        if (DatasetRules.required("changes", changes).isEmpty()) {
            throw new InvalidInputException("changes", "must set at least one of used, modelVersion, runId");
        }
        return changes;
    }
}
