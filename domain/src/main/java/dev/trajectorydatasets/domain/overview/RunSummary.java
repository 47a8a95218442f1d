package dev.trajectorydatasets.domain.overview;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * One run at a glance: its trajectories, how many were never used, the uses counted, the newest model version
 * among its trajectories, its newest registered checkpoint, and when its first and last trajectories were made.
 */
public record RunSummary(RunId runId, long trajectories, long unused, long totalUses, int newestModelVersion,
                         OptionalInt newestCheckpoint, Instant firstCreatedAt, Instant lastCreatedAt) {

    public RunSummary {
        DatasetRules.required("runId", runId);
        DatasetRules.required("newestCheckpoint", newestCheckpoint);
        DatasetRules.required("firstCreatedAt", firstCreatedAt);
        DatasetRules.required("lastCreatedAt", lastCreatedAt);
    }
}
