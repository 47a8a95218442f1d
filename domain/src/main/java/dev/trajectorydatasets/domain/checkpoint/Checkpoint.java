package dev.trajectorydatasets.domain.checkpoint;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import java.time.Instant;
import java.util.Optional;

/**
 * A saved model of a run: version 0 is the initial model, every later one is one more than the run's highest.
 * A trajectory's {@code modelVersion} is the version of the checkpoint that produced it.
 */
public record Checkpoint(RunId runId, int version, String path, Instant createdAt, Optional<String> details) {

    /**
     * @param details a JSON object of what else is known of it (a checkpoint adopted from the guide's successor module
     *                keeps its name, status, source, operator, remark, config and times there); empty for one
     *                registered here
     */
    public Checkpoint {
        DatasetRules.required("runId", runId);
        DatasetRules.notNegative("version", version);
        NewCheckpoint.checkPath(path);
        DatasetRules.required("createdAt", createdAt);
        DatasetRules.required("details", details).ifPresent(text -> DatasetRules.jsonObject("details", text));
    }

    /** A checkpoint with no details: one registered here. */
    public Checkpoint(RunId runId, int version, String path, Instant createdAt) {
        this(runId, version, path, createdAt, Optional.empty());
    }
}
