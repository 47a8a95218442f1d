package dev.trajectorydatasets.application.backup;

import dev.trajectorydatasets.domain.group.RunGroup;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;

import java.util.List;
import java.util.Optional;

/**
 * Backups that restore everything: what {@code export} writes and {@code import} reads back, so that a store filled
 * from a backup answers every read as the one it was taken from. Leases are not part of a backup: a leased row
 * counts a use only when acknowledged, so a backup holds it as it stands, unleased.
 */
public interface BackupOperations {

    /** The records {@code filter} selects, by id, each with its whole usage history. */
    BackupPage getBackupPage(TrajectoryFilter filter, PageRequest page);

    /** The checkpoints of the run, or of every run, each run's oldest first (runs by id). */
    List<Checkpoint> getBackupCheckpoints(Optional<RunId> runId);

    /** The pauses of the run, or of every run. */
    List<RunPause> getBackupPauses(Optional<RunId> runId);

    /** The consumer groups (besides the default) of the run, or of every run, by run then name: a backup's group lines. */
    List<RunGroup> getBackupGroups(Optional<RunId> runId);

    /**
     * Stores {@code batch} in one unit of work: records with their history as they were (see
     * {@code BackupStore.restore}), checkpoints with their versions, pauses with their times. With
     * {@code skipExisting}, what is stored already is left as it is (a re-run resumes); without it, a stored
     * trajectory id or checkpoint version fails the whole batch and changes nothing.
     */
    RestoreReport restore(BackupBatch batch, boolean skipExisting);
}
