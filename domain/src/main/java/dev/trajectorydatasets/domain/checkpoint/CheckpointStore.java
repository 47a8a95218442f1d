package dev.trajectorydatasets.domain.checkpoint;

import java.util.OptionalInt;
import dev.trajectorydatasets.domain.DatasetRules;
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

    /**
     * The version of the run's checkpoint saved at {@code path} (the newest, when several were); empty when none was.
     * The rollout workers of the guide's successor module name checkpoints by path.
     */
    default OptionalInt versionOf(RunId runId, String path) {
        DatasetRules.required("path", path);
        int pageSize = 1_000;
        KeyPage<Integer> page = KeyPage.first(pageSize);
        while (true) {
            List<Checkpoint> newestFirst = ofRun(DatasetRules.required("runId", runId), page);
            for (Checkpoint checkpoint : newestFirst) {
                if (checkpoint.path().equals(path)) {
                    return OptionalInt.of(checkpoint.version());
                }
            }
            if (newestFirst.size() < pageSize) {
                return OptionalInt.empty();
            }
            page = KeyPage.after(newestFirst.get(newestFirst.size() - 1).version(), pageSize);
        }
    }

    /** Deletes the run's checkpoints; returns how many there were. */
    int deleteOfRun(RunId runId);
}
