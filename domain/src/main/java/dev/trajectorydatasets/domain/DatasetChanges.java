package dev.trajectorydatasets.domain;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The fields an update may change: {@code used}, {@code modelVersion} and {@code runId}; nothing else. Each
 * component is empty when that field stays as it is. For {@code runId}, an inner empty Optional clears the run.
 */
public record DatasetChanges(OptionalInt used, OptionalInt modelVersion, Optional<Optional<RunId>> runId) {

    public DatasetChanges {
        DatasetRules.required("used", used).ifPresent(v -> DatasetRules.notNegative("used", v));
        DatasetRules.required("modelVersion", modelVersion).ifPresent(v -> DatasetRules.notNegative("modelVersion", v));
        DatasetRules.required("runId", runId).ifPresent(run -> DatasetRules.required("runId", run));
    }

    /** Changes nothing yet; add fields with the {@code with...} methods. */
    public static DatasetChanges none() {
        return new DatasetChanges(OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
    }

    public DatasetChanges withUsed(int newUsed) {
        return new DatasetChanges(OptionalInt.of(newUsed), modelVersion, runId);
    }

    public DatasetChanges withModelVersion(int newModelVersion) {
        return new DatasetChanges(used, OptionalInt.of(newModelVersion), runId);
    }

    public DatasetChanges withRunId(RunId newRunId) {
        return new DatasetChanges(used, modelVersion, Optional.of(Optional.of(DatasetRules.required("runId", newRunId))));
    }

    public DatasetChanges withRunId(String newRunId) {
        return withRunId(RunId.of(newRunId));
    }

    /** Detaches the record from any run ({@code run_id} becomes absent). */
    public DatasetChanges withoutRunId() {
        return new DatasetChanges(used, modelVersion, Optional.of(Optional.empty()));
    }

    /** The record as these changes leave it. */
    public Dataset applyTo(Dataset dataset) {
        return new Dataset(dataset.id(), dataset.trajectoryId(), dataset.createdAt(),
                used.orElse(dataset.used()),
                modelVersion.orElse(dataset.modelVersion()),
                runId.orElse(dataset.runId()));
    }

    public boolean isEmpty() {
        return used.isEmpty() && modelVersion.isEmpty() && runId.isEmpty();
    }
}
