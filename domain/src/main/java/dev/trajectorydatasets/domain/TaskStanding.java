package dev.trajectorydatasets.domain;

import java.time.Instant;
import java.util.Comparator;

/**
 * Where a task stands in a group claim's order: the earliest {@code createdAt} and the lowest id among its
 * eligible members. Stores compute these (SQL: {@code MIN(created_at)}, {@code MIN(id)}) and sort with
 * {@link #order}.
 */
public record TaskStanding(TaskId taskId, Instant firstCreatedAt, long lowestId) {

    private static final Comparator<TaskStanding> OLDEST_FIRST =
            Comparator.comparing(TaskStanding::firstCreatedAt).thenComparingLong(TaskStanding::lowestId);

    /** The order of {@code taskOrder}; {@link TaskOrder#RANDOM} has none (shuffle instead). */
    public static Comparator<TaskStanding> order(TaskOrder taskOrder) {
        return switch (taskOrder) {
            case OLDEST_TASK -> OLDEST_FIRST;
            case NEWEST_TASK -> OLDEST_FIRST.reversed();
            case RANDOM -> throw new IllegalArgumentException("random task order has no comparator");
        };
    }
}
