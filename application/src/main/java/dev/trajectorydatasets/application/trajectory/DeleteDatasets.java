package dev.trajectorydatasets.application.trajectory;

import dev.trajectorydatasets.application.shared.Change;
import dev.trajectorydatasets.application.shared.Publisher;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;

/** Deletes trajectories (with their usage events): one, a run's, or a task's. */
public final class DeleteDatasets {

    private final DatasetPort port;
    private final Publisher publisher;

    public DeleteDatasets(Scope scope) {
        this.port = scope.port();
        this.publisher = scope.publisher();
    }

    public boolean one(TrajectoryId trajectoryId) {
        return deleted(port.trajectories().delete(DatasetRules.required("trajectoryId", trajectoryId)) ? 1 : 0) == 1;
    }

    public int ofRun(RunId runId) {
        return deleted(port.trajectories().deleteByRunId(DatasetRules.required("runId", runId)));
    }

    public int ofTask(RunId runId, TaskId taskId) {
        return deleted(port.trajectories().deleteByTask(DatasetRules.required("runId", runId), DatasetRules.required("taskId", taskId)));
    }

    private int deleted(int records) {
        publisher.publish(new Change.Deleted(records));
        return records;
    }
}
