package dev.trajectorydatasets.domain;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Take up to {@code count} eligible records and count one use of each, atomically. Eligible: in the run (if
 * given), {@code used < maxUsed} (if given), {@code model_version >= modelVersionMin} (if given).
 */
public record ClaimRequest(int count, Optional<String> runId, OptionalInt maxUsed, OptionalInt modelVersionMin,
                           ClaimOrder order) {

    /** Most records one claim may take. */
    public static final int MAX_COUNT = 10_000;

    public ClaimRequest {
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidInputException("count", "must be between 1 and " + MAX_COUNT + ", was " + count);
        }
        DatasetRules.runId(runId);
        DatasetRules.required("max_used", maxUsed).ifPresent(max -> DatasetRules.notNegative("max_used", max));
        DatasetRules.required("model_version_min", modelVersionMin).ifPresent(min -> DatasetRules.notNegative("model_version_min", min));
        DatasetRules.required("order", order);
    }

    /** Up to {@code count} records of any run, least used first. */
    public static ClaimRequest of(int count) {
        return new ClaimRequest(count, Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), ClaimOrder.LEAST_USED);
    }

    public ClaimRequest inRun(String run) {
        return new ClaimRequest(count, Optional.of(DatasetRules.runId(run)), maxUsed, modelVersionMin, order);
    }

    public ClaimRequest usedBelow(int max) {
        return new ClaimRequest(count, runId, OptionalInt.of(max), modelVersionMin, order);
    }

    public ClaimRequest modelVersionAtLeast(int min) {
        return new ClaimRequest(count, runId, maxUsed, OptionalInt.of(min), order);
    }

    public ClaimRequest ordered(ClaimOrder claimOrder) {
        return new ClaimRequest(count, runId, maxUsed, modelVersionMin, claimOrder);
    }

    /** The bound {@code used} must stay below: the cap, or the largest count a record can hold. */
    public int usedCeiling() {
        return maxUsed.orElse(Integer.MAX_VALUE);
    }

    /** Whether {@code dataset} may be claimed now. */
    public boolean admits(Dataset dataset) {
        return (runId.isEmpty() || runId.equals(dataset.runId()))
                && dataset.used() < usedCeiling()
                && (modelVersionMin.isEmpty() || dataset.modelVersion() >= modelVersionMin.getAsInt());
    }
}
