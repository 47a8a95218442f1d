package dev.trajectorydatasets.domain;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The fields an update may change: {@code used}, {@code modelVersion}, {@code runId}, {@code taskId},
 * {@code reward} and {@code attributes}; nothing else. Each component is empty when that field stays as it is;
 * for the optional fields, an inner empty value clears the field.
 */
public record DatasetChanges(OptionalInt used, OptionalInt modelVersion, Optional<Optional<RunId>> runId,
                             Optional<Optional<TaskId>> taskId, Optional<OptionalDouble> reward,
                             Optional<Optional<Attributes>> attributes) {

    public DatasetChanges {
        DatasetRules.required("used", used).ifPresent(v -> DatasetRules.notNegative("used", v));
        DatasetRules.required("modelVersion", modelVersion).ifPresent(v -> DatasetRules.notNegative("modelVersion", v));
        DatasetRules.required("runId", runId).ifPresent(run -> DatasetRules.required("runId", run));
        DatasetRules.required("taskId", taskId).ifPresent(task -> DatasetRules.required("taskId", task));
        DatasetRules.required("reward", reward).ifPresent(value -> DatasetRules.required("reward", value)
                .ifPresent(r -> DatasetRules.finite("reward", r)));
        DatasetRules.required("attributes", attributes).ifPresent(value -> DatasetRules.required("attributes", value));
    }

    /** Changes nothing yet; add fields with the {@code with...} methods. */
    public static DatasetChanges none() {
        return new DatasetChanges(OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Sets {@code used} (written to the usage history as a set). */
    public DatasetChanges withUsed(int newUsed) {
        return new DatasetChanges(OptionalInt.of(newUsed), modelVersion, runId, taskId, reward, attributes);
    }

    /** Sets the model version that made the record. */
    public DatasetChanges withModelVersion(int newModelVersion) {
        return new DatasetChanges(used, OptionalInt.of(newModelVersion), runId, taskId, reward, attributes);
    }

    /** Moves the record to run {@code newRunId}. */
    public DatasetChanges withRunId(RunId newRunId) {
        return new DatasetChanges(used, modelVersion, Optional.of(Optional.of(DatasetRules.required("runId", newRunId))),
                taskId, reward, attributes);
    }

    /** Moves the record to the run named {@code newRunId}. */
    public DatasetChanges withRunId(String newRunId) {
        return withRunId(RunId.of(newRunId));
    }

    /** Detaches the record from any run ({@code run_id} becomes absent). */
    public DatasetChanges withoutRunId() {
        return new DatasetChanges(used, modelVersion, Optional.of(Optional.empty()), taskId, reward, attributes);
    }

    /** Sets the task the record solved. */
    public DatasetChanges withTaskId(TaskId newTaskId) {
        return new DatasetChanges(used, modelVersion, runId, Optional.of(Optional.of(DatasetRules.required("taskId", newTaskId))),
                reward, attributes);
    }

    /** Detaches the record from any task ({@code task_id} becomes absent). */
    public DatasetChanges withoutTaskId() {
        return new DatasetChanges(used, modelVersion, runId, Optional.of(Optional.empty()), reward, attributes);
    }

    /** Scores the record: a finite reward. */
    public DatasetChanges withReward(double newReward) {
        return new DatasetChanges(used, modelVersion, runId, taskId, Optional.of(OptionalDouble.of(newReward)), attributes);
    }

    /** Marks the record as not scored. */
    public DatasetChanges withoutReward() {
        return new DatasetChanges(used, modelVersion, runId, taskId, Optional.of(OptionalDouble.empty()), attributes);
    }

    /** Replaces the record's attributes (a JSON object) as a whole. */
    public DatasetChanges withAttributes(Attributes newAttributes) {
        return new DatasetChanges(used, modelVersion, runId, taskId, reward,
                Optional.of(Optional.of(DatasetRules.required("attributes", newAttributes))));
    }

    /** Removes the record's attributes. */
    public DatasetChanges withoutAttributes() {
        return new DatasetChanges(used, modelVersion, runId, taskId, reward, Optional.of(Optional.empty()));
    }

    /** The record as these changes leave it. */
    public Dataset applyTo(Dataset dataset) {
        return new Dataset(dataset.id(), dataset.trajectoryId(), dataset.createdAt(),
                used.orElse(dataset.used()),
                modelVersion.orElse(dataset.modelVersion()),
                runId.orElse(dataset.runId()),
                taskId.orElse(dataset.taskId()),
                reward.orElse(dataset.reward()),
                attributes.orElse(dataset.attributes()));
    }

    /** Whether these changes set {@code used} and nothing else. */
    public boolean setsOnlyUsed() {
        return used.isPresent() && DatasetChanges.none().withUsed(used.getAsInt()).equals(this);
    }

    /** Whether these changes change nothing. */
    public boolean isEmpty() {
        return used.isEmpty() && modelVersion.isEmpty() && runId.isEmpty() && taskId.isEmpty() && reward.isEmpty()
                && attributes.isEmpty();
    }
}
