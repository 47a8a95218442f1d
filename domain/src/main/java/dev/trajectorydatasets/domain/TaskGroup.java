package dev.trajectorydatasets.domain;

import java.util.List;

/** One group a group claim took: members of one task, after their use was counted. */
public record TaskGroup(TaskId taskId, List<Dataset> items) {

    public TaskGroup {
        DatasetRules.required("taskId", taskId);
        items = List.copyOf(DatasetRules.required("items", items));
    }
}
