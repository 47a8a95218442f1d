package dev.trajectorydatasets.domain.claim;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Take up to {@code count} eligible records and count one use of each, atomically; or take nothing when fewer than
 * {@code minCount} are eligible. Eligible: in the run (if given), {@code used < maxUsed} (if given),
 * {@code modelVersion >= modelVersionMin} (if given), not of a run in {@code excludedRuns} (paused runs, for a claim that
 * names no run), and not held by a lease that has not run out.
 */
public record ClaimRequest(int count, Optional<RunId> runId, OptionalInt maxUsed, OptionalInt modelVersionMin,
                           ClaimOrder order, int minCount, Set<RunId> excludedRuns) {

    /** Most records one claim may take. */
    public static final int MAX_COUNT = 10_000;

    /** The order of a claim that names none: spreads training evenly. */
    public static final ClaimOrder DEFAULT_ORDER = ClaimOrder.LEAST_USED;

    public ClaimRequest {
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidInputException("count", "must be between 1 and " + MAX_COUNT + ", was " + count);
        }
        DatasetRules.required("runId", runId);
        DatasetRules.required("maxUsed", maxUsed).ifPresent(max -> DatasetRules.notNegative("maxUsed", max));
        DatasetRules.required("modelVersionMin", modelVersionMin).ifPresent(min -> DatasetRules.notNegative("modelVersionMin", min));
        DatasetRules.required("order", order);
        if (minCount < 1 || minCount > count) {
            throw new InvalidInputException("minCount", "must be between 1 and count (" + count + "), was " + minCount);
        }
        excludedRuns = Set.copyOf(DatasetRules.required("excludedRuns", excludedRuns));
    }

    /** A claim of no excluded run. */
    public ClaimRequest(int count, Optional<RunId> runId, OptionalInt maxUsed, OptionalInt modelVersionMin, ClaimOrder order, int minCount) {
        this(count, runId, maxUsed, modelVersionMin, order, minCount, Set.of());
    }

    /** A claim that takes what it finds, however few. */
    public ClaimRequest(int count, Optional<RunId> runId, OptionalInt maxUsed, OptionalInt modelVersionMin, ClaimOrder order) {
        this(count, runId, maxUsed, modelVersionMin, order, 1);
    }

    /** Up to {@code count} records of any run, least used first. */
    public static ClaimRequest of(int count) {
        return new ClaimRequest(count, Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), DEFAULT_ORDER);
    }

    /** Only records of {@code run}. */
    public ClaimRequest inRun(RunId run) {
        return new ClaimRequest(count, Optional.of(DatasetRules.required("runId", run)), maxUsed, modelVersionMin, order, minCount, excludedRuns);
    }

    /** Only records of the run named {@code run}. */
    public ClaimRequest inRun(String run) {
        return inRun(RunId.of(run));
    }

    /** Only records used fewer than {@code max} times; a claim never counts a record past it. */
    public ClaimRequest usedBelow(int max) {
        return new ClaimRequest(count, runId, OptionalInt.of(max), modelVersionMin, order, minCount, excludedRuns);
    }

    /** Only records made by model version {@code min} or newer. */
    public ClaimRequest modelVersionAtLeast(int min) {
        return new ClaimRequest(count, runId, maxUsed, OptionalInt.of(min), order, minCount, excludedRuns);
    }

    /** Which eligible records come first ({@link #DEFAULT_ORDER} when not given). */
    public ClaimRequest ordered(ClaimOrder claimOrder) {
        return new ClaimRequest(count, runId, maxUsed, modelVersionMin, claimOrder, minCount, excludedRuns);
    }

    /** Takes nothing unless at least {@code min} records are eligible. */
    public ClaimRequest atLeast(int min) {
        return new ClaimRequest(count, runId, maxUsed, modelVersionMin, order, min, excludedRuns);
    }

    /** Nothing of these runs (the paused ones, for a claim that names no run). */
    public ClaimRequest excluding(Set<RunId> runs) {
        return new ClaimRequest(count, runId, maxUsed, modelVersionMin, order, minCount, runs);
    }

    /** Whether {@code taken} records are enough to take: at least {@code minCount}. */
    public boolean enough(int taken) {
        return taken >= minCount;
    }

    /** The bound {@code used} must stay below: the cap, or the largest count a record can hold. */
    public int usedCeiling() {
        return maxUsed.orElse(Integer.MAX_VALUE);
    }

    /** Whether {@code dataset} may be claimed now. */
    public boolean admits(Trajectory dataset) {
        return (runId.isEmpty() || runId.equals(dataset.runId()))
                && (dataset.runId().isEmpty() || !excludedRuns.contains(dataset.runId().get()))
                && dataset.used() < usedCeiling()
                && (modelVersionMin.isEmpty() || dataset.modelVersion() >= modelVersionMin.getAsInt());
    }
}
