package dev.trajectorydatasets.domain.claim;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import java.util.List;

/** One group a group claim took: members of one task, after their use was counted. */
public record TaskGroup(TaskId taskId, List<Trajectory> items) {

    public TaskGroup {
        DatasetRules.required("taskId", taskId);
        items = List.copyOf(DatasetRules.required("items", items));
    }
}
