package dev.trajectorydatasets.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The fields an update may change: {@code used}, {@code model_version} and {@code run_id}; nothing else. Each
 * component is empty when that field stays as it is. For {@code runId}, an inner empty Optional clears the run.
 */
public record DatasetChanges(OptionalInt used, OptionalInt modelVersion, Optional<Optional<String>> runId) {

    /** The names {@link #fromFields(Map)} accepts, as the API spells them. */
    public static final Set<String> UPDATABLE_FIELDS = Set.of("used", "model_version", "run_id");

    public DatasetChanges {
        DatasetRules.required("used", used).ifPresent(v -> DatasetRules.notNegative("used", v));
        DatasetRules.required("model_version", modelVersion).ifPresent(v -> DatasetRules.notNegative("model_version", v));
        DatasetRules.required("run_id", runId).ifPresent(DatasetRules::runId);
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

    public DatasetChanges withRunId(String newRunId) {
        return new DatasetChanges(used, modelVersion, Optional.of(Optional.of(DatasetRules.required("run_id", newRunId))));
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

    /**
     * Reads changes from field names and values, the counterpart of the guide's {@code update_dataset(**kwargs)}:
     * {@code used} and {@code model_version} take whole numbers, {@code run_id} a string or {@code null} (clears
     * it). Any other name is rejected, naming it, instead of being dropped or written.
     */
    public static DatasetChanges fromFields(Map<String, ?> fields) {
        DatasetChanges changes = none();
        for (Map.Entry<String, ?> field : new LinkedHashMap<>(fields).entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            switch (name) {
                case "used" -> changes = changes.withUsed(wholeNumber(name, value));
                case "model_version" -> changes = changes.withModelVersion(wholeNumber(name, value));
                case "run_id" -> {
                    if (value == null) {
                        changes = changes.withoutRunId();
                    } else if (value instanceof String run) {
                        changes = changes.withRunId(run);
                    } else {
                        throw new InvalidInputException(name, "must be a string or null");
                    }
                }
                default -> throw new InvalidInputException(String.valueOf(name),
                        "cannot be updated; updatable fields are used, model_version, run_id");
            }
        }
        return changes;
    }

    private static int wholeNumber(String field, Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Long number && number == number.intValue()) {
            return number.intValue();
        }
        throw new InvalidInputException(field, "must be a whole number between 0 and " + Integer.MAX_VALUE);
    }
}
