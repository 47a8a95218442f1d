package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.NewDataset;

import java.time.Instant;
import java.util.Optional;

/**
 * A trajectory to register, as a rollout worker knows it: {@code used} and {@code modelVersion} default to 0,
 * the run may be absent. Built as {@code CreateDatasetCommand.of("traj_001").inRun("run_alpha").used(5)}.
 */
public record CreateDatasetCommand(String trajectoryId, Optional<String> runId, int used, int modelVersion) {

    public CreateDatasetCommand {
        DatasetRules.trajectoryId(trajectoryId);
        DatasetRules.runId(runId);
        DatasetRules.notNegative("used", used);
        DatasetRules.notNegative("model_version", modelVersion);
    }

    public static CreateDatasetCommand of(String trajectoryId) {
        return new CreateDatasetCommand(trajectoryId, Optional.empty(), 0, 0);
    }

    public CreateDatasetCommand inRun(String run) {
        return new CreateDatasetCommand(trajectoryId, Optional.of(DatasetRules.runId(run)), used, modelVersion);
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
