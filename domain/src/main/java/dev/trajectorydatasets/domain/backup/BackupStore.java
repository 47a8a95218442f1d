package dev.trajectorydatasets.domain.backup;

import dev.trajectorydatasets.domain.ConsumerGroup;
import java.util.Map;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;

import java.util.List;

/**
 * What a backup reads beside the records and writes back: records with their usage history as it was, checkpoints
 * with their versions. The pauses need nothing more than {@code PauseStore}.
 */
public interface BackupStore {

    /**
     * Stores the records, each with its history as given (times, kinds, keys, consumers and groups kept; event ids new,
     * in the order given), or, when given none, as a create stores it (a {@code CREATE} event when {@code used > 0}),
     * and its counts in consumer groups (the groups made groups of its run when they are not), in one unit of work. With {@code skipExisting}, records whose trajectory ids are stored are left as they are,
     * history and all (of ids repeated in the batch, the first is stored); without it, any such id fails the whole
     * call as {@link DuplicateTrajectoryException} does for a create.
     *
     * @return the records created, in the order given
     */
    List<Trajectory> restore(List<RestoredTrajectory> records, boolean skipExisting);

    /** The usage events of these stored records, by record id, each record's oldest first. */
    List<UsageEvent> historyOf(List<Trajectory> records);

    /**
     * The counts of these stored records in consumer groups other than the default, those not 0, by record id
     * (records with none left out).
     */
    Map<Long, Map<ConsumerGroup, Integer>> groupCountsOf(List<Trajectory> records);

    /** Every run that has checkpoints, by run id (the store's binary order). */
    List<RunId> checkpointRuns();

    /**
     * Stores the checkpoint with its own version, so the run's next registration gets the version it would have got
     * where it was saved.
     *
     * @return false, changing nothing, when the run has that version already
     */
    boolean restore(Checkpoint checkpoint);
}
