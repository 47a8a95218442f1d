package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;

/** Removes one trajectory, or every trajectory of a run. */
final class DeleteDatasets {

    private final DatasetPort port;

    DeleteDatasets(DatasetPort port) {
        this.port = port;
    }

    boolean deleteOne(String trajectoryId) {
        return port.delete(DatasetRules.trajectoryId(trajectoryId));
    }

    int deleteRun(String runId) {
        return port.deleteByRunId(DatasetRules.runId(runId));
    }
}
