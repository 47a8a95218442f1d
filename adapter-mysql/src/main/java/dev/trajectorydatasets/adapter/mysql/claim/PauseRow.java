package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.RunPause;

import java.time.Instant;
import java.util.Optional;

/** A row of {@code run_pauses}; public fields for MyBatis, not part of any API. */
public final class PauseRow {
    public RunId runId;
    public Instant since;
    public String reason;

    RunPause pause() {
        return new RunPause(runId, since, Optional.ofNullable(reason));
    }
}
