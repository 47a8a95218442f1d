package dev.trajectorydatasets.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A trajectory to register: everything of a {@link Dataset} but the id the store assigns. {@code createdAt} is
 * truncated to microseconds, the precision every store keeps.
 */
public record NewDataset(TrajectoryId trajectoryId, Optional<RunId> runId, int used, int modelVersion,
                         Instant createdAt) {

    public NewDataset {
        DatasetRules.required("trajectoryId", trajectoryId);
        DatasetRules.required("runId", runId);
        DatasetRules.notNegative("used", used);
        DatasetRules.notNegative("modelVersion", modelVersion);
        createdAt = DatasetRules.storable("createdAt", createdAt).truncatedTo(ChronoUnit.MICROS);
    }

    /** The stored record this becomes once the store gives it {@code id}. */
    public Dataset stored(long id) {
        return new Dataset(id, trajectoryId, createdAt, used, modelVersion, runId);
    }
}
