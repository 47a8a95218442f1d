package dev.trajectorydatasets.domain.trajectory;

import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import java.util.List;
import java.util.Optional;

/**
 * The trajectories themselves: create them (one, all or none, or only those missing), find, page and count
 * them, change their fields and delete them. A record deleted takes its usage events with it.
 */
public interface TrajectoryStore {

    /** Stores one record and returns it with its id. */
    Trajectory create(NewTrajectory dataset);

    /**
     * Stores all records or none, returning them in the order given. Fails naming every duplicate as
     * {@link DuplicateTrajectoryException#among} defines them: ids that repeat in {@code datasets} and ids
     * already stored, each once, in request order.
     */
    List<Trajectory> createAll(List<NewTrajectory> datasets);

    /**
     * Stores the records whose trajectory ids are not stored yet, in one unit of work, and leaves the others as they
     * are (an import, or a retried batch): returns the records created, in the order given. Of ids repeated in the
     * batch, the first is created.
     */
    List<Trajectory> createMissing(List<NewTrajectory> datasets);

    Optional<Trajectory> findById(long id);

    Optional<Trajectory> findByTrajectoryId(TrajectoryId trajectoryId);

    /** The page of records that {@code filter} selects, ordered by id. */
    List<Trajectory> find(TrajectoryFilter filter, PageRequest page);

    long count(TrajectoryFilter filter);

    /** Applies {@code changes} and returns the record after them; empty when no record has the id. */
    Optional<Trajectory> update(TrajectoryId trajectoryId, TrajectoryChanges changes);

    /**
     * Re-rolls the record: {@code changes} (which set its model version, and may set its reward, task and attributes)
     * applied with {@code used} back to 0, recorded as one {@code REROLL} usage event of minus its uses, written even
     * when it had none. Empty when no record has the id.
     */
    Optional<Trajectory> reroll(TrajectoryId trajectoryId, TrajectoryChanges changes);

    /** @return whether a record was deleted (with its usage events) */
    boolean delete(TrajectoryId trajectoryId);

    /** @return how many records of the run were deleted (with their usage events), all in one unit of work */
    default int deleteByRunId(RunId runId) {
        return deleteByRunId(runId, Integer.MAX_VALUE);
    }

    /**
     * Deletes up to {@code limit} of the run's records, lowest ids first, with their usage events: a large run deleted
     * a batch per unit of work, so no unit holds its locks for long.
     *
     * @return how many were deleted (fewer than {@code limit}: the run has none left)
     */
    int deleteByRunId(RunId runId, int limit);

    /** @return how many records of the run's task were deleted */
    int deleteByTask(RunId runId, TaskId taskId);
}
