package dev.trajectorydatasets.domain.trajectory;

import dev.trajectorydatasets.domain.Attributes;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A trajectory to register: everything of a {@link Trajectory} but the id the store assigns. {@code createdAt} is
 * truncated to microseconds, the precision every store keeps.
 */
public record NewTrajectory(TrajectoryId trajectoryId, Optional<RunId> runId, int used, int modelVersion,
                         Instant createdAt, Optional<TaskId> taskId, OptionalDouble reward,
                         Optional<Attributes> attributes) {

    public NewTrajectory {
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
    public NewTrajectory(TrajectoryId trajectoryId, Optional<RunId> runId, int used, int modelVersion, Instant createdAt) {
        this(trajectoryId, runId, used, modelVersion, createdAt, Optional.empty(), OptionalDouble.empty(), Optional.empty());
    }

    /** The stored record this becomes once the store gives it {@code id}. */
    /**
     * Of {@code batch}, what {@code createMissing} creates, as every store decides it: the records whose trajectory
     * ids {@code stored} does not hold, and of ids repeated in the batch, the first.
     */
    public static List<NewTrajectory> missing(List<NewTrajectory> batch, Predicate<TrajectoryId> stored) {
        Set<TrajectoryId> seen = new HashSet<>();
        return batch.stream().filter(record -> !stored.test(record.trajectoryId()) && seen.add(record.trajectoryId())).toList();
    }

    public Trajectory stored(long id) {
        return new Trajectory(id, trajectoryId, createdAt, used, modelVersion, runId, taskId, reward, attributes);
    }
}
