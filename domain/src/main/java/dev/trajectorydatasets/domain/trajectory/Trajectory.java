package dev.trajectorydatasets.domain.trajectory;

import dev.trajectorydatasets.domain.Attributes;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One stored trajectory: which run, task and model version produced it, what reward it earned, when it was
 * registered, and how many times it has been trained on.
 *
 * @param id           store-assigned, ascending in creation order
 * @param trajectoryId unique key chosen by the producer
 * @param createdAt    registration time, UTC, microsecond precision
 * @param used         times trained on
 * @param modelVersion version of the checkpoint (policy) that produced it
 * @param runId        the run it belongs to, if any
 * @param taskId       the task (prompt) it solved, if any
 * @param reward       its reward; empty when not scored
 * @param attributes   the producer's own fields, kept as given
 */
public record Trajectory(long id, TrajectoryId trajectoryId, Instant createdAt, int used, int modelVersion,
                      Optional<RunId> runId, Optional<TaskId> taskId, OptionalDouble reward,
                      Optional<Attributes> attributes) {

    public Trajectory {
        if (id < 1) {
            throw new InvalidInputException("id", "must be >= 1, was " + id);
        }
        DatasetRules.required("trajectoryId", trajectoryId);
        DatasetRules.required("createdAt", createdAt);
        DatasetRules.notNegative("used", used);
        DatasetRules.notNegative("modelVersion", modelVersion);
        DatasetRules.required("runId", runId);
        DatasetRules.required("taskId", taskId);
        DatasetRules.required("reward", reward).ifPresent(value -> DatasetRules.finite("reward", value));
        DatasetRules.required("attributes", attributes);
    }

    /** A record of the guide's columns only: no task, no reward, no attributes. */
    public Trajectory(long id, TrajectoryId trajectoryId, Instant createdAt, int used, int modelVersion, Optional<RunId> runId) {
        this(id, trajectoryId, createdAt, used, modelVersion, runId, Optional.empty(), OptionalDouble.empty(), Optional.empty());
    }

    /** The same record with {@code used} set to {@code times}. */
    public Trajectory usedTimes(int times) {
        return new Trajectory(id, trajectoryId, createdAt, times, modelVersion, runId, taskId, reward, attributes);
    }

    /** The same record in {@code run} (an equal value; stores use it to share one instance per run). */
    public Trajectory inRun(Optional<RunId> run) {
        return new Trajectory(id, trajectoryId, createdAt, used, modelVersion, run, taskId, reward, attributes);
    }
}
