package dev.trajectorydatasets.adapter.mysql.checkpoint;

import dev.trajectorydatasets.domain.RunId;

/** A row read by MyBatis (public fields, set directly); not part of any API. */
public final class NewestCheckpoint {
    public RunId runId;
    public int version;
}
