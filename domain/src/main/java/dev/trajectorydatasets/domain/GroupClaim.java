package dev.trajectorydatasets.domain;

import java.util.List;

/**
 * What a group claim took, and how many tasks were eligible when it looked: when fewer than its
 * {@code minGroups}, {@code groups} is empty and nothing changed.
 */
public record GroupClaim(List<TaskGroup> groups, int eligibleTasks) {

    public GroupClaim {
        groups = List.copyOf(DatasetRules.required("groups", groups));
        DatasetRules.notNegative("eligibleTasks", eligibleTasks);
    }

    public static GroupClaim nothing(int eligibleTasks) {
        return new GroupClaim(List.of(), eligibleTasks);
    }

    /** Every member taken, group after group. */
    public List<Dataset> members() {
        return groups.stream().flatMap(group -> group.items().stream()).toList();
    }
}
