package dev.trajectorydatasets.domain.claim;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import java.util.List;
import java.util.OptionalInt;

/**
 * What a group claim took. When it took nothing (fewer than its {@code minGroups} tasks were eligible), nothing
 * changed and {@code eligibleTasks} says how many tasks were eligible. When it took groups, {@code eligibleTasks}
 * is empty: a claim reads only as far as it takes, and counting every eligible task would cost a pass over
 * every eligible row (the task overview counts them).
 */
public record GroupClaim(List<TaskGroup> groups, OptionalInt eligibleTasks) {

    public GroupClaim {
        groups = List.copyOf(DatasetRules.required("groups", groups));
        DatasetRules.required("eligibleTasks", eligibleTasks).ifPresent(n -> DatasetRules.notNegative("eligibleTasks", n));
        if (groups.isEmpty() == eligibleTasks.isEmpty()) {
            throw new InvalidInputException("eligibleTasks", "is given exactly when no group was taken");
        }
    }

    /** Nothing taken: only {@code eligibleTasks} tasks were eligible. */
    public static GroupClaim nothing(int eligibleTasks) {
        return new GroupClaim(List.of(), OptionalInt.of(eligibleTasks));
    }

    /** The groups taken (at least one). */
    public static GroupClaim took(List<TaskGroup> groups) {
        return new GroupClaim(groups, OptionalInt.empty());
    }

    /** Every member taken, group after group. */
    public List<Trajectory> members() {
        return groups.stream().flatMap(group -> group.items().stream()).toList();
    }
}
