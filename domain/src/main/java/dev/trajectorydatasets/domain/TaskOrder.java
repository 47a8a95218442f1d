package dev.trajectorydatasets.domain;

/**
 * Which eligible tasks a group claim takes first. A task stands by its first rollout: the earliest
 * {@code createdAt} among its eligible members; tasks that tie there stand by the lowest id among their eligible
 * members ({@link TaskStanding}).
 */
public enum TaskOrder {
    /** The task waiting longest first (the default). */
    OLDEST_TASK,
    /** The task whose first eligible rollout is newest first. */
    NEWEST_TASK,
    /** Uniformly at random among the eligible tasks. */
    RANDOM
}
