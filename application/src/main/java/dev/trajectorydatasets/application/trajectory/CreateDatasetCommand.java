package dev.trajectorydatasets.application.trajectory;

import dev.trajectorydatasets.domain.Attributes;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A trajectory to register, as a rollout worker knows it: {@code used} and {@code modelVersion} default to 0,
 * the run, task, reward and attributes may be absent. Built as
 * {@code CreateDatasetCommand.of("traj_001").inRun("run_alpha").ofTask("task_7").rewarded(1.0)}.
 */
public record CreateDatasetCommand(TrajectoryId trajectoryId, Optional<RunId> runId, int used, int modelVersion,
                                   Optional<TaskId> taskId, OptionalDouble reward, Optional<Attributes> attributes) {

    /** Checks every component (see the record's description). */
    public CreateDatasetCommand {
        DatasetRules.required("trajectoryId", trajectoryId);
        DatasetRules.required("runId", runId);
        DatasetRules.notNegative("used", used);
        DatasetRules.notNegative("modelVersion", modelVersion);
        DatasetRules.required("taskId", taskId);
        DatasetRules.required("reward", reward).ifPresent(value -> DatasetRules.finite("reward", value));
        DatasetRules.required("attributes", attributes);
    }

    /** A command of the guide's fields only. */
    public CreateDatasetCommand(TrajectoryId trajectoryId, Optional<RunId> runId, int used, int modelVersion) {
        this(trajectoryId, runId, used, modelVersion, Optional.empty(), OptionalDouble.empty(), Optional.empty());
    }

    /** A command for this trajectory with nothing else set. */
    public static CreateDatasetCommand of(TrajectoryId trajectoryId) {
        return new CreateDatasetCommand(trajectoryId, Optional.empty(), 0, 0);
    }

    /**
     * A command for this trajectory with nothing else set.
     *
     * @throws dev.trajectorydatasets.domain.InvalidInputException when the id is blank or too long
     */
    public static CreateDatasetCommand of(String trajectoryId) {
        return of(TrajectoryId.of(trajectoryId));
    }

    /** This command with the run set. */
    public CreateDatasetCommand inRun(RunId run) {
        return new CreateDatasetCommand(trajectoryId, Optional.of(DatasetRules.required("runId", run)), used, modelVersion,
                taskId, reward, attributes);
    }

    /** This command with the run set. */
    public CreateDatasetCommand inRun(String run) {
        return inRun(RunId.of(run));
    }

    /** This command with {@code used} starting at {@code times} (not negative). */
    public CreateDatasetCommand used(int times) {
        return new CreateDatasetCommand(trajectoryId, runId, times, modelVersion, taskId, reward, attributes);
    }

    /** This command with the model version (checkpoint) that produced the trajectory. */
    public CreateDatasetCommand modelVersion(int version) {
        return new CreateDatasetCommand(trajectoryId, runId, used, version, taskId, reward, attributes);
    }

    /** This command with the task (prompt) the trajectory answers. */
    public CreateDatasetCommand ofTask(TaskId task) {
        return new CreateDatasetCommand(trajectoryId, runId, used, modelVersion, Optional.of(DatasetRules.required("taskId", task)),
                reward, attributes);
    }

    /** This command with the task (prompt) the trajectory answers. */
    public CreateDatasetCommand ofTask(String task) {
        return ofTask(TaskId.of(task));
    }

    /** This command with the reward the trajectory earned (finite). */
    public CreateDatasetCommand rewarded(double value) {
        return new CreateDatasetCommand(trajectoryId, runId, used, modelVersion, taskId, OptionalDouble.of(value), attributes);
    }

    /** The producer's own fields, as the text of one JSON object (at most 8 KiB). */
    public CreateDatasetCommand withAttributes(Attributes given) {
        return new CreateDatasetCommand(trajectoryId, runId, used, modelVersion, taskId, reward,
                Optional.of(DatasetRules.required("attributes", given)));
    }

    /** This command with free-form attributes: a JSON object. */
    public CreateDatasetCommand withAttributes(String json) {
        return withAttributes(Attributes.of(json));
    }

    NewTrajectory at(Instant createdAt) {
        return new NewTrajectory(trajectoryId, runId, used, modelVersion, createdAt, taskId, reward, attributes);
    }
}
