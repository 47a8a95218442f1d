package dev.trajectorydatasets.domain.claim;

import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import java.time.Instant;
import java.util.Comparator;

/**
 * Where a task stands in a group claim's order: the {@code createdAt} and id of its standing member, the first of
 * its eligible members in the walk's order. For {@link TaskOrder#OLDEST_TASK} that is its earliest eligible member
 * by {@code (createdAt, id)}, and tasks go by it ascending; for {@link TaskOrder#NEWEST_TASK}, its latest, and
 * tasks go by it descending. SQL stores meet tasks in exactly this order by walking the eligible index entries
 * in {@code (created_at, id)} order, each task at its first entry.
 */
public record TaskStanding(TaskId taskId, Instant createdAt, long id) {

    private static final Comparator<TaskStanding> ASCENDING =
            Comparator.comparing(TaskStanding::createdAt).thenComparingLong(TaskStanding::id);

    /** The order of {@code taskOrder}; {@link TaskOrder#RANDOM} has none (shuffle instead). */
    public static Comparator<TaskStanding> order(TaskOrder taskOrder) {
        return switch (taskOrder) {
            case OLDEST_TASK -> ASCENDING;
            case NEWEST_TASK -> ASCENDING.reversed();
            case RANDOM -> throw new IllegalArgumentException("random task order has no comparator");
        };
    }

    /** The standing member's place: a member's {@code (createdAt, id)}. */
    public static TaskStanding of(Trajectory member) {
        return new TaskStanding(member.taskId().orElseThrow(), member.createdAt(), member.id());
    }
}
