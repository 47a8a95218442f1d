package dev.trajectorydatasets.domain.trajectory;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Which records a search, count or page selects. Every bound is inclusive; an empty component does not filter.
 * Mirrors the guide's {@code search_datasets} filters ({@code usage_time_min}/{@code _max} bound {@code used})
 * plus bounds on {@code model_version}, the task, and bounds on the reward (which only scored records meet).
 * Instants must lie within what every store holds ({@link DatasetRules#storable}), so no store can read an
 * out-of-range bound differently.
 */
public record TrajectoryFilter(Optional<RunId> runId,
                            OptionalInt usedMin, OptionalInt usedMax,
                            Optional<Instant> createdAfter, Optional<Instant> createdBefore,
                            OptionalInt modelVersionMin, OptionalInt modelVersionMax,
                            Optional<TaskId> taskId, OptionalDouble rewardMin, OptionalDouble rewardMax) {

    public TrajectoryFilter {
        DatasetRules.required("runId", runId);
        bound("usedMin", usedMin);
        bound("usedMax", usedMax);
        bound("modelVersionMin", modelVersionMin);
        bound("modelVersionMax", modelVersionMax);
        DatasetRules.required("createdAfter", createdAfter).ifPresent(at -> DatasetRules.storable("createdAfter", at));
        DatasetRules.required("createdBefore", createdBefore).ifPresent(at -> DatasetRules.storable("createdBefore", at));
        DatasetRules.required("taskId", taskId);
        DatasetRules.required("rewardMin", rewardMin).ifPresent(v -> DatasetRules.finite("rewardMin", v));
        DatasetRules.required("rewardMax", rewardMax).ifPresent(v -> DatasetRules.finite("rewardMax", v));
        ordered("usedMin", usedMin, "usedMax", usedMax);
        ordered("modelVersionMin", modelVersionMin, "modelVersionMax", modelVersionMax);
        if (createdAfter.isPresent() && createdBefore.isPresent() && createdAfter.get().isAfter(createdBefore.get())) {
            throw new InvalidInputException("createdAfter", "must not be later than createdBefore");
        }
        if (rewardMin.isPresent() && rewardMax.isPresent() && rewardMin.getAsDouble() > rewardMax.getAsDouble()) {
            throw new InvalidInputException("rewardMin", "must not exceed rewardMax");
        }
    }

    /** Selects every record. */
    public static TrajectoryFilter all() {
        return new TrajectoryFilter(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(),
                Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty(),
                Optional.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** Selects the records of {@code runId}. */
    public static TrajectoryFilter ofRun(RunId runId) {
        return all().inRun(runId);
    }

    /** Selects the records of the run named {@code runId}. */
    public static TrajectoryFilter ofRun(String runId) {
        return ofRun(RunId.of(runId));
    }

    /** Also: of {@code run}. */
    public TrajectoryFilter inRun(RunId run) {
        return new TrajectoryFilter(Optional.of(DatasetRules.required("runId", run)), usedMin, usedMax,
                createdAfter, createdBefore, modelVersionMin, modelVersionMax, taskId, rewardMin, rewardMax);
    }

    /** Also: used {@code min} times or more. */
    public TrajectoryFilter usedAtLeast(int min) {
        return new TrajectoryFilter(runId, OptionalInt.of(min), usedMax, createdAfter, createdBefore,
                modelVersionMin, modelVersionMax, taskId, rewardMin, rewardMax);
    }

    /** Also: used {@code max} times or fewer. */
    public TrajectoryFilter usedAtMost(int max) {
        return new TrajectoryFilter(runId, usedMin, OptionalInt.of(max), createdAfter, createdBefore,
                modelVersionMin, modelVersionMax, taskId, rewardMin, rewardMax);
    }

    /** Also: created at {@code after} or later. */
    public TrajectoryFilter createdAtOrAfter(Instant after) {
        return new TrajectoryFilter(runId, usedMin, usedMax, Optional.of(DatasetRules.required("createdAfter", after)),
                createdBefore, modelVersionMin, modelVersionMax, taskId, rewardMin, rewardMax);
    }

    /** Also: created at {@code before} or earlier. */
    public TrajectoryFilter createdAtOrBefore(Instant before) {
        return new TrajectoryFilter(runId, usedMin, usedMax, createdAfter,
                Optional.of(DatasetRules.required("createdBefore", before)), modelVersionMin, modelVersionMax,
                taskId, rewardMin, rewardMax);
    }

    /** Also: made by model version {@code min} or newer. */
    public TrajectoryFilter modelVersionAtLeast(int min) {
        return new TrajectoryFilter(runId, usedMin, usedMax, createdAfter, createdBefore, OptionalInt.of(min),
                modelVersionMax, taskId, rewardMin, rewardMax);
    }

    /** Also: made by model version {@code max} or older. */
    public TrajectoryFilter modelVersionAtMost(int max) {
        return new TrajectoryFilter(runId, usedMin, usedMax, createdAfter, createdBefore, modelVersionMin,
                OptionalInt.of(max), taskId, rewardMin, rewardMax);
    }

    /** Also: of {@code task}. */
    public TrajectoryFilter ofTask(TaskId task) {
        return new TrajectoryFilter(runId, usedMin, usedMax, createdAfter, createdBefore, modelVersionMin,
                modelVersionMax, Optional.of(DatasetRules.required("taskId", task)), rewardMin, rewardMax);
    }

    /** Also: of the task named {@code task}. */
    public TrajectoryFilter ofTask(String task) {
        return ofTask(TaskId.of(task));
    }

    /** Also: scored, with a reward of {@code min} or more. */
    public TrajectoryFilter rewardAtLeast(double min) {
        return new TrajectoryFilter(runId, usedMin, usedMax, createdAfter, createdBefore, modelVersionMin,
                modelVersionMax, taskId, OptionalDouble.of(min), rewardMax);
    }

    /** Also: scored, with a reward of {@code max} or less. */
    public TrajectoryFilter rewardAtMost(double max) {
        return new TrajectoryFilter(runId, usedMin, usedMax, createdAfter, createdBefore, modelVersionMin,
                modelVersionMax, taskId, rewardMin, OptionalDouble.of(max));
    }

    /** Whether {@code dataset} is selected; the reference meaning every store's query must match. */
    public boolean matches(Trajectory dataset) {
        return (runId.isEmpty() || runId.equals(dataset.runId()))
                && (taskId.isEmpty() || taskId.equals(dataset.taskId()))
                && atLeast(dataset.used(), usedMin) && atMost(dataset.used(), usedMax)
                && atLeast(dataset.modelVersion(), modelVersionMin) && atMost(dataset.modelVersion(), modelVersionMax)
                && createdAfter.map(after -> !dataset.createdAt().isBefore(after)).orElse(true)
                && createdBefore.map(before -> !dataset.createdAt().isAfter(before)).orElse(true)
                && rewardWithin(dataset.reward());
    }

    /** True when only {@code runId} (or nothing) is constrained, so an index answers it alone. */
    public boolean constrainsOnlyRun() {
        return usedMin.isEmpty() && usedMax.isEmpty() && createdAfter.isEmpty() && createdBefore.isEmpty()
                && modelVersionMin.isEmpty() && modelVersionMax.isEmpty() && taskId.isEmpty()
                && rewardMin.isEmpty() && rewardMax.isEmpty();
    }

    /** A reward bound selects scored records only. */
    private boolean rewardWithin(OptionalDouble reward) {
        if (rewardMin.isEmpty() && rewardMax.isEmpty()) {
            return true;
        }
        return reward.isPresent()
                && (rewardMin.isEmpty() || reward.getAsDouble() >= rewardMin.getAsDouble())
                && (rewardMax.isEmpty() || reward.getAsDouble() <= rewardMax.getAsDouble());
    }

    private static boolean atLeast(int value, OptionalInt min) {
        return min.isEmpty() || value >= min.getAsInt();
    }

    private static boolean atMost(int value, OptionalInt max) {
        return max.isEmpty() || value <= max.getAsInt();
    }

    private static void bound(String field, OptionalInt value) {
        DatasetRules.required(field, value).ifPresent(v -> DatasetRules.notNegative(field, v));
    }

    private static void ordered(String minField, OptionalInt min, String maxField, OptionalInt max) {
        if (min.isPresent() && max.isPresent() && min.getAsInt() > max.getAsInt()) {
            throw new InvalidInputException(minField, "must not exceed " + maxField);
        }
    }
}
