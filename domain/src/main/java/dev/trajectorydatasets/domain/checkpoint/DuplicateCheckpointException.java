package dev.trajectorydatasets.domain.checkpoint;

import dev.trajectorydatasets.domain.DatasetException;
import dev.trajectorydatasets.domain.RunId;

/** The run already has the checkpoint being registered (its initial one, version 0). */
public final class DuplicateCheckpointException extends DatasetException {

    private final RunId runId;
    private final int version;

    public DuplicateCheckpointException(RunId runId, int version) {
        super("run_id '" + runId + "' already has checkpoint version " + version);
        this.runId = runId;
        this.version = version;
    }

    public RunId runId() {
        return runId;
    }

    public int version() {
        return version;
    }
}
