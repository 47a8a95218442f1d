package dev.trajectorydatasets.domain.overview;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;

/**
 * What a run holds: its trajectories, their usage events, its checkpoints and its leases (what deleting the run
 * removes).
 */
public record RunContents(RunId runId, long trajectories, long usageEvents, long checkpoints, long leases) {

    public RunContents {
        DatasetRules.required("runId", runId);
    }

    /** Whether the run holds nothing at all. */
    public boolean isEmpty() {
        return trajectories == 0 && usageEvents == 0 && checkpoints == 0 && leases == 0;
    }
}
