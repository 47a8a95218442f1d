package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;

/** One item of a batch update: which trajectory, and what changes. At least one field must change. */
public record TrajectoryUpdate(String trajectoryId, DatasetChanges changes) {

    public TrajectoryUpdate {
        DatasetRules.trajectoryId(trajectoryId);
        requireSomeChange(DatasetRules.required("changes", changes));
    }

    static DatasetChanges requireSomeChange(DatasetChanges changes) {
        if (changes.isEmpty()) {
            throw new InvalidInputException("changes", "must set at least one of used, model_version, run_id");
        }
        return changes;
    }
}
