package dev.trajectorydatasets.domain.claim;

/**
 * Which eligible tasks a group claim takes first (see {@link TaskStanding}).
 */
public enum TaskOrder {
    /** By the task's earliest eligible rollout ({@code createdAt}, then id), oldest first: the task waiting longest (the default). */
    OLDEST_TASK,
    /** By the task's latest eligible rollout ({@code createdAt}, then id), newest first: the freshest data first. */
    NEWEST_TASK,
    /** Uniformly at random among the eligible tasks. */
    RANDOM
}
