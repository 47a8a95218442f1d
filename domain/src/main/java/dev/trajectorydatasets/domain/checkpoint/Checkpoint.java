package dev.trajectorydatasets.domain.checkpoint;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import java.time.Instant;

/**
 * A saved model of a run: version 0 is the initial model, every later one is one more than the run's highest.
 * A trajectory's {@code modelVersion} is the version of the checkpoint that produced it.
 */
public record Checkpoint(RunId runId, int version, String path, Instant createdAt) {

    public Checkpoint {
        DatasetRules.required("runId", runId);
        DatasetRules.notNegative("version", version);
        NewCheckpoint.checkPath(path);
        DatasetRules.required("createdAt", createdAt);
    }
}
