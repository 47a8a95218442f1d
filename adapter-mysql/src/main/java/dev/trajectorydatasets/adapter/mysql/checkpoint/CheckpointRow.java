package dev.trajectorydatasets.adapter.mysql.checkpoint;

import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;

import java.time.Instant;

/** A row read by MyBatis (public fields, set directly); not part of any API. */
public final class CheckpointRow {
    public RunId runId;
    public int version;
    public String path;
    public Instant createdAt;
    public String details;

    Checkpoint checkpoint() {
        return new Checkpoint(runId, version, path, createdAt, java.util.Optional.ofNullable(details));
    }
}
