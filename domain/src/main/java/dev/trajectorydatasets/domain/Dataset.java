package dev.trajectorydatasets.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * One stored trajectory: which run and model version produced it, when it was registered, and how many times
 * it has been trained on.
 *
 * @param id           store-assigned, ascending in creation order
 * @param trajectoryId unique key chosen by the producer
 * @param createdAt    registration time, UTC, microsecond precision
 * @param used         times trained on
 * @param modelVersion version of the policy that produced it
 * @param runId        the run it belongs to, if any
 */
public record Dataset(long id, TrajectoryId trajectoryId, Instant createdAt, int used, int modelVersion,
                      Optional<RunId> runId) {

    public Dataset {
        if (id < 1) {
            throw new InvalidInputException("id", "must be >= 1, was " + id);
        }
        DatasetRules.required("trajectoryId", trajectoryId);
        DatasetRules.required("createdAt", createdAt);
        DatasetRules.notNegative("used", used);
        DatasetRules.notNegative("modelVersion", modelVersion);
        DatasetRules.required("runId", runId);
    }

    /** The same record with {@code used} set to {@code times}. */
    public Dataset usedTimes(int times) {
        return new Dataset(id, trajectoryId, createdAt, times, modelVersion, runId);
    }
}
