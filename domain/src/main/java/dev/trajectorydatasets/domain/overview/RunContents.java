package dev.trajectorydatasets.domain.overview;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;

import java.time.Instant;
import java.util.Optional;

/**
 * What a run holds: its trajectories, their usage events, its checkpoints and its leases (what deleting the run
 * removes), and when anything last happened to it: the newest of its trajectories' creation, their usage events, its
 * checkpoints and its leases (empty when it holds nothing).
 */
public record RunContents(RunId runId, long trajectories, long usageEvents, long checkpoints, long leases, Optional<Instant> lastActivityAt) {

    public RunContents {
        DatasetRules.required("runId", runId);
        DatasetRules.required("lastActivityAt", lastActivityAt);
    }

    /** Whether the run holds nothing at all. */
    public boolean isEmpty() {
        return trajectories == 0 && usageEvents == 0 && checkpoints == 0 && leases == 0;
    }

    /** The newest of these instants, or empty when there is none. */
    public static Optional<Instant> newest(Instant... instants) {
        Instant newest = null;
        for (Instant instant : instants) {
            if (instant != null && (newest == null || instant.isAfter(newest))) {
                newest = instant;
            }
        }
        return Optional.ofNullable(newest);
    }
}
