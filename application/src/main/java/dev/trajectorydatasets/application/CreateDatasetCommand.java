package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.NewDataset;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;

import java.time.Instant;
import java.util.Optional;

/**
 * A trajectory to register, as a rollout worker knows it: {@code used} and {@code modelVersion} default to 0,
 * the run may be absent. Built as {@code CreateDatasetCommand.of("traj_001").inRun("run_alpha").used(5)}.
 */
public record CreateDatasetCommand(TrajectoryId trajectoryId, Optional<RunId> runId, int used, int modelVersion) {

    public CreateDatasetCommand {
        DatasetRules.required("trajectoryId", trajectoryId);
        DatasetRules.required("runId", runId);
        DatasetRules.notNegative("used", used);
        DatasetRules.notNegative("modelVersion", modelVersion);
    }

    public static CreateDatasetCommand of(TrajectoryId trajectoryId) {
        return new CreateDatasetCommand(trajectoryId, Optional.empty(), 0, 0);
    }

    public static CreateDatasetCommand of(String trajectoryId) {
        return of(TrajectoryId.of(trajectoryId));
    }

    public CreateDatasetCommand inRun(RunId run) {
        return new CreateDatasetCommand(trajectoryId, Optional.of(DatasetRules.required("runId", run)), used, modelVersion);
    }

    public CreateDatasetCommand inRun(String run) {
        return inRun(RunId.of(run));
    }

    public CreateDatasetCommand used(int times) {
        return new CreateDatasetCommand(trajectoryId, runId, times, modelVersion);
    }

    public CreateDatasetCommand modelVersion(int version) {
        return new CreateDatasetCommand(trajectoryId, runId, used, version);
    }

    NewDataset at(Instant createdAt) {
        return new NewDataset(trajectoryId, runId, used, modelVersion, createdAt);
    }
}
