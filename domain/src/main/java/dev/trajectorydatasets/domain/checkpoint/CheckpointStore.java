package dev.trajectorydatasets.domain.checkpoint;

import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import java.util.List;

/**
 * A run's checkpoints: registered with versions assigned atomically, listed newest first.
 */
public interface CheckpointStore {

    /** Registers a checkpoint, assigning its version atomically; a second initial one is a {@link DuplicateCheckpointException}. */
    Checkpoint register(NewCheckpoint checkpoint);

    /** The run's checkpoints, newest first; {@code page.after()} is the version the previous page ended with. */
    List<Checkpoint> ofRun(RunId runId, KeyPage<Integer> page);

    /** Deletes the run's checkpoints; returns how many there were. */
    int deleteOfRun(RunId runId);
}
