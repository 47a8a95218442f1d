package dev.trajectorydatasets.domain.trajectory;

import dev.trajectorydatasets.domain.Attributes;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The fields an update may change: {@code used}, {@code modelVersion}, {@code runId}, {@code taskId},
 * {@code reward} and {@code attributes}; nothing else. Each component is empty when that field stays as it is;
 * for the optional fields, an inner empty value clears the field.
 */
public record TrajectoryChanges(OptionalInt used, OptionalInt modelVersion, Optional<Optional<RunId>> runId,
                             Optional<Optional<TaskId>> taskId, Optional<OptionalDouble> reward,
                             Optional<Optional<Attributes>> attributes) {

    public TrajectoryChanges {
        DatasetRules.required("used", used).ifPresent(v -> DatasetRules.notNegative("used", v));
        DatasetRules.required("modelVersion", modelVersion).ifPresent(v -> DatasetRules.notNegative("modelVersion", v));
        DatasetRules.required("runId", runId).ifPresent(run -> DatasetRules.required("runId", run));
        DatasetRules.required("taskId", taskId).ifPresent(task -> DatasetRules.required("taskId", task));
        DatasetRules.required("reward", reward).ifPresent(value -> DatasetRules.required("reward", value)
                .ifPresent(r -> DatasetRules.finite("reward", r)));
        DatasetRules.required("attributes", attributes).ifPresent(value -> DatasetRules.required("attributes", value));
    }

    /** Changes nothing yet; add fields with the {@code with...} methods. */
    public static TrajectoryChanges none() {
        return new TrajectoryChanges(OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Sets {@code used} (written to the usage history as a set). */
    public TrajectoryChanges withUsed(int newUsed) {
        return new TrajectoryChanges(OptionalInt.of(newUsed), modelVersion, runId, taskId, reward, attributes);
    }

    /** Sets the model version that made the record. */
    public TrajectoryChanges withModelVersion(int newModelVersion) {
        return new TrajectoryChanges(used, OptionalInt.of(newModelVersion), runId, taskId, reward, attributes);
    }

    /** Moves the record to run {@code newRunId}. */
    public TrajectoryChanges withRunId(RunId newRunId) {
        return new TrajectoryChanges(used, modelVersion, Optional.of(Optional.of(DatasetRules.required("runId", newRunId))),
                taskId, reward, attributes);
    }

    /** Moves the record to the run named {@code newRunId}. */
    public TrajectoryChanges withRunId(String newRunId) {
        return withRunId(RunId.of(newRunId));
    }

    /** Detaches the record from any run ({@code run_id} becomes absent). */
    public TrajectoryChanges withoutRunId() {
        return new TrajectoryChanges(used, modelVersion, Optional.of(Optional.empty()), taskId, reward, attributes);
    }

    /** Sets the task the record solved. */
    public TrajectoryChanges withTaskId(TaskId newTaskId) {
        return new TrajectoryChanges(used, modelVersion, runId, Optional.of(Optional.of(DatasetRules.required("taskId", newTaskId))),
                reward, attributes);
    }

    /** Detaches the record from any task ({@code task_id} becomes absent). */
    public TrajectoryChanges withoutTaskId() {
        return new TrajectoryChanges(used, modelVersion, runId, Optional.of(Optional.empty()), reward, attributes);
    }

    /** Scores the record: a finite reward. */
    public TrajectoryChanges withReward(double newReward) {
        return new TrajectoryChanges(used, modelVersion, runId, taskId, Optional.of(OptionalDouble.of(newReward)), attributes);
    }

    /** Marks the record as not scored. */
    public TrajectoryChanges withoutReward() {
        return new TrajectoryChanges(used, modelVersion, runId, taskId, Optional.of(OptionalDouble.empty()), attributes);
    }

    /** Replaces the record's attributes (a JSON object) as a whole. */
    public TrajectoryChanges withAttributes(Attributes newAttributes) {
        return new TrajectoryChanges(used, modelVersion, runId, taskId, reward,
                Optional.of(Optional.of(DatasetRules.required("attributes", newAttributes))));
    }

    /** Removes the record's attributes. */
    public TrajectoryChanges withoutAttributes() {
        return new TrajectoryChanges(used, modelVersion, runId, taskId, reward, Optional.of(Optional.empty()));
    }

    /** The record as these changes leave it. */
    public Trajectory applyTo(Trajectory dataset) {
        return new Trajectory(dataset.id(), dataset.trajectoryId(), dataset.createdAt(),
                used.orElse(dataset.used()),
                modelVersion.orElse(dataset.modelVersion()),
                runId.orElse(dataset.runId()),
                taskId.orElse(dataset.taskId()),
                reward.orElse(dataset.reward()),
                attributes.orElse(dataset.attributes()));
    }

    /** Whether these changes set {@code used} and nothing else. */
    public boolean setsOnlyUsed() {
        return used.isPresent() && TrajectoryChanges.none().withUsed(used.getAsInt()).equals(this);
    }

    /** Whether these changes change nothing. */
    public boolean isEmpty() {
        return used.isEmpty() && modelVersion.isEmpty() && runId.isEmpty() && taskId.isEmpty() && reward.isEmpty()
                && attributes.isEmpty();
    }
}
