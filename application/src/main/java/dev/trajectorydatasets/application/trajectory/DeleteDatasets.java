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

    /**
     * The whole run: its trajectories with their usage events, its checkpoints and its leases, in one unit of work;
     * with {@code dryRun}, only what would go. Returns what the run held.
     */
    public RunContents wholeRun(RunId runId, boolean dryRun) {
        DatasetRules.required("runId", runId);
        RunContents contents = port.inTransaction(tx -> {
            RunContents held = tx.overviews().contents(runId);
            if (!dryRun) {
                tx.leases().deleteOfRun(runId);
                tx.checkpoints().deleteOfRun(runId);
                tx.trajectories().deleteByRunId(runId);
            }
            return held;
        });
        if (!dryRun) {
            deleted((int) contents.trajectories());
        }
        return contents;
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
