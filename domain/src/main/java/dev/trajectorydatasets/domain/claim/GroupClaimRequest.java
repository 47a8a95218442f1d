package dev.trajectorydatasets.domain.claim;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;

/**
 * A trainer's step: take between {@code minGroups} and {@code maxGroups} groups of {@code criteria.groupSize()}
 * eligible members of one task each, in {@code order}, and count one use of every member, atomically; or take
 * nothing when fewer than {@code minGroups} tasks are eligible.
 */
public record GroupClaimRequest(RunId runId, GroupCriteria criteria, int minGroups, int maxGroups, TaskOrder order) {

    public static final int MAX_GROUPS = 1_000;
    /** Most members one group claim may take ({@code maxGroups * groupSize}). */
    public static final int MAX_MEMBERS = 65_536;
    public static final TaskOrder DEFAULT_ORDER = TaskOrder.OLDEST_TASK;

    public GroupClaimRequest {
        DatasetRules.required("runId", runId);
        DatasetRules.required("criteria", criteria);
        DatasetRules.required("order", order);
        if (minGroups < 1) {
            throw new InvalidInputException("minGroups", "must be >= 1, was " + minGroups);
        }
        if (maxGroups < 1 || maxGroups > MAX_GROUPS) {
            throw new InvalidInputException("maxGroups", "must be between 1 and " + MAX_GROUPS + ", was " + maxGroups);
        }
        if (minGroups > maxGroups) {
            throw new InvalidInputException("minGroups", "must not exceed maxGroups");
        }
        if ((long) maxGroups * criteria.groupSize() > MAX_MEMBERS) {
            throw new InvalidInputException("maxGroups", "times groupSize must be at most " + MAX_MEMBERS + " members, was "
                    + (long) maxGroups * criteria.groupSize());
        }
    }

    /** Exactly {@code groups} groups (or none) of {@code criteria}, oldest task first. */
    public static GroupClaimRequest of(RunId runId, GroupCriteria criteria, int groups) {
        return new GroupClaimRequest(runId, criteria, groups, groups, DEFAULT_ORDER);
    }

    public static GroupClaimRequest of(String runId, GroupCriteria criteria, int groups) {
        return of(RunId.of(runId), criteria, groups);
    }

    /** Between {@code min} and {@code max} groups. */
    public GroupClaimRequest groups(int min, int max) {
        return new GroupClaimRequest(runId, criteria, min, max, order);
    }

    public GroupClaimRequest ordered(TaskOrder taskOrder) {
        return new GroupClaimRequest(runId, criteria, minGroups, maxGroups, taskOrder);
    }

    /** How many rows the claim may take at most. */
    public int maxMembers() {
        return maxGroups * criteria.groupSize();
    }
}
