package dev.trajectorydatasets.domain.claim;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What makes a rollout a member a group claim may take, and a task a group it may take: the trainer's data rules.
 *
 * <p>A member is eligible when it has a task, {@code used < maxUsed}, a reward if any reward rule is given, and a
 * fresh model version: {@code >= modelVersionMin}, or one of the run's {@code latestCheckpoints} newest registered
 * versions, or any when neither is given. A task is eligible when it has at least {@code groupSize} eligible
 * members whose mean reward lies in {@code [meanRewardMin, meanRewardMaxExclusive)}; with {@code mixedRewards},
 * only if they include a reward above 0 and one at or below 0 (a group of equal rewards teaches nothing).
 */
public record GroupCriteria(int groupSize, int maxUsed, OptionalInt modelVersionMin, OptionalInt latestCheckpoints,
                            OptionalDouble meanRewardMin, OptionalDouble meanRewardMaxExclusive, boolean mixedRewards) {

    public static final int MAX_GROUP_SIZE = 1_024;
    public static final int MAX_LATEST_CHECKPOINTS = 1_000;
    /** {@code maxUsed} of criteria that name none: never trained on. */
    public static final int DEFAULT_MAX_USED = 1;

    public GroupCriteria {
        if (groupSize < 1 || groupSize > MAX_GROUP_SIZE) {
            throw new InvalidInputException("groupSize", "must be between 1 and " + MAX_GROUP_SIZE + ", was " + groupSize);
        }
        DatasetRules.notNegative("maxUsed", maxUsed);
        DatasetRules.required("modelVersionMin", modelVersionMin).ifPresent(v -> DatasetRules.notNegative("modelVersionMin", v));
        DatasetRules.required("latestCheckpoints", latestCheckpoints).ifPresent(n -> {
            if (n < 1 || n > MAX_LATEST_CHECKPOINTS) {
                throw new InvalidInputException("latestCheckpoints", "must be between 1 and " + MAX_LATEST_CHECKPOINTS + ", was " + n);
            }
        });
        if (modelVersionMin.isPresent() && latestCheckpoints.isPresent()) {
            throw new InvalidInputException("latestCheckpoints", "cannot be combined with modelVersionMin: give one freshness rule");
        }
        DatasetRules.required("meanRewardMin", meanRewardMin).ifPresent(v -> DatasetRules.finite("meanRewardMin", v));
        DatasetRules.required("meanRewardMaxExclusive", meanRewardMaxExclusive).ifPresent(v -> DatasetRules.finite("meanRewardMaxExclusive", v));
        if (meanRewardMin.isPresent() && meanRewardMaxExclusive.isPresent()
                && meanRewardMin.getAsDouble() >= meanRewardMaxExclusive.getAsDouble()) {
            throw new InvalidInputException("meanRewardMin", "must be below meanRewardMaxExclusive");
        }
        if (mixedRewards && groupSize < 2) {
            throw new InvalidInputException("mixedRewards", "needs groupSize of at least 2 (one reward above 0, one at or below)");
        }
    }

    /** Groups of {@code groupSize} never-used members of any model version, with or without rewards. */
    public static GroupCriteria ofSize(int groupSize) {
        return new GroupCriteria(groupSize, DEFAULT_MAX_USED, OptionalInt.empty(), OptionalInt.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), false);
    }

    /** Members used fewer than {@code max} times ({@link #DEFAULT_MAX_USED} when not given: never used). */
    public GroupCriteria usedBelow(int max) {
        return new GroupCriteria(groupSize, max, modelVersionMin, latestCheckpoints, meanRewardMin, meanRewardMaxExclusive, mixedRewards);
    }

    /** Members made by model version {@code min} or newer. */
    public GroupCriteria modelVersionAtLeast(int min) {
        return new GroupCriteria(groupSize, maxUsed, OptionalInt.of(min), latestCheckpoints, meanRewardMin, meanRewardMaxExclusive, mixedRewards);
    }

    /** Members made by one of the run's {@code n} newest registered checkpoints (none registered: none eligible). */
    public GroupCriteria fromLatestCheckpoints(int n) {
        return new GroupCriteria(groupSize, maxUsed, modelVersionMin, OptionalInt.of(n), meanRewardMin, meanRewardMaxExclusive, mixedRewards);
    }

    /** Mean reward in {@code [min, maxExclusive)}. */
    public GroupCriteria meanRewardIn(double min, double maxExclusive) {
        return new GroupCriteria(groupSize, maxUsed, modelVersionMin, latestCheckpoints, OptionalDouble.of(min),
                OptionalDouble.of(maxExclusive), mixedRewards);
    }

    /** Groups whose members' mean reward is at least {@code min} (members need a reward). */
    public GroupCriteria meanRewardAtLeast(double min) {
        return new GroupCriteria(groupSize, maxUsed, modelVersionMin, latestCheckpoints, OptionalDouble.of(min),
                meanRewardMaxExclusive, mixedRewards);
    }

    /** Groups whose members' mean reward is below {@code maxExclusive} (members need a reward). */
    public GroupCriteria meanRewardBelow(double maxExclusive) {
        return new GroupCriteria(groupSize, maxUsed, modelVersionMin, latestCheckpoints, meanRewardMin,
                OptionalDouble.of(maxExclusive), mixedRewards);
    }

    /** Groups holding a reward above 0 and one at or below 0 (members need a reward). */
    public GroupCriteria withMixedRewards() {
        return new GroupCriteria(groupSize, maxUsed, modelVersionMin, latestCheckpoints, meanRewardMin, meanRewardMaxExclusive, true);
    }

    /** Whether members need a reward: any reward rule is given. */
    public boolean needsReward() {
        return meanRewardMin.isPresent() || meanRewardMaxExclusive.isPresent() || mixedRewards;
    }
}
