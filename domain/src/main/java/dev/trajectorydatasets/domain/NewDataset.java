package dev.trajectorydatasets.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A trajectory to register: everything of a {@link Dataset} but the id the store assigns. {@code createdAt} is
 * truncated to microseconds, the precision every store keeps.
 */
public record NewDataset(TrajectoryId trajectoryId, Optional<RunId> runId, int used, int modelVersion,
                         Instant createdAt, Optional<TaskId> taskId, OptionalDouble reward,
                         Optional<Attributes> attributes) {

    public NewDataset {
        DatasetRules.required("trajectoryId", trajectoryId);
        DatasetRules.required("runId", runId);
        DatasetRules.notNegative("used", used);
        DatasetRules.notNegative("modelVersion", modelVersion);
        createdAt = DatasetRules.storable("createdAt", createdAt).truncatedTo(ChronoUnit.MICROS);
        DatasetRules.required("taskId", taskId);
        DatasetRules.required("reward", reward).ifPresent(value -> DatasetRules.finite("reward", value));
        DatasetRules.required("attributes", attributes);
    }

    /** A trajectory of the guide's columns only: no task, no reward, no attributes. */
    public NewDataset(TrajectoryId trajectoryId, Optional<RunId> runId, int used, int modelVersion, Instant createdAt) {
        this(trajectoryId, runId, used, modelVersion, createdAt, Optional.empty(), OptionalDouble.empty(), Optional.empty());
    }

    /** The stored record this becomes once the store gives it {@code id}. */
    /**
     * Of {@code batch}, what {@code createMissing} creates, as every store decides it: the records whose trajectory
     * ids {@code stored} does not hold, and of ids repeated in the batch, the first.
     */
    public static List<NewDataset> missing(List<NewDataset> batch, Predicate<TrajectoryId> stored) {
        Set<TrajectoryId> seen = new HashSet<>();
        return batch.stream().filter(record -> !stored.test(record.trajectoryId()) && seen.add(record.trajectoryId())).toList();
    }

    public Dataset stored(long id) {
        return new Dataset(id, trajectoryId, createdAt, used, modelVersion, runId, taskId, reward, attributes);
    }
}
