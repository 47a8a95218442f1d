package dev.trajectorydatasets.application.trajectory;

import dev.trajectorydatasets.application.shared.Change;
import dev.trajectorydatasets.application.shared.Publisher;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.overview.RunContents;

/** Deletes trajectories (with their usage events): one, a run's, or a task's; or a whole run with its checkpoints and leases. */
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

    /** Records deleted per unit of work when a whole run goes: short units, so claims on other runs never wait long. */
    public static final int RUN_BATCH = 10_000;

    /**
     * The whole run: its leases, its trajectories with their usage events ({@link #RUN_BATCH} per unit of work), then
     * its consumer groups and checkpoints; with {@code dryRun}, only what would go. An interrupted delete leaves the rest of the run, and
     * running it again finishes it. Returns what the run held when it began.
     */
    public RunContents wholeRun(RunId runId, boolean dryRun) {
        RunContents held = port.overviews().contents(DatasetRules.required("runId", runId));
        if (dryRun) {
            return held;
        }
        port.leases().deleteOfRun(runId);
        int batch;
        do {
            batch = deleted(port.trajectories().deleteByRunId(runId, RUN_BATCH));
        } while (batch == RUN_BATCH);
        port.consumerGroups().deleteOfRun(runId);
        port.checkpoints().deleteOfRun(runId);
        return held;
    }

    /** The run's checkpoints (its trajectories stay); returns how many there were. */
    public int checkpointsOf(RunId runId) {
        return port.checkpoints().deleteOfRun(DatasetRules.required("runId", runId));
    }

    private int deleted(int records) {
        publisher.publish(new Change.Deleted(records));
        return records;
    }
}
