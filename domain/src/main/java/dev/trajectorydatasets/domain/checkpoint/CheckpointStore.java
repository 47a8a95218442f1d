package dev.trajectorydatasets.domain.checkpoint;

import java.util.OptionalInt;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import java.util.ArrayList;
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
        return allOf(runId).stream().filter(checkpoint -> checkpoint.path().equals(path)).mapToInt(Checkpoint::version).findFirst();
    }

    /** Every checkpoint of the run, newest first, read a page of 1,000 at a time (a run has hundreds at most). */
    default List<Checkpoint> allOf(RunId runId) {
        DatasetRules.required("runId", runId);
        int pageSize = 1_000;
        List<Checkpoint> all = new ArrayList<>();
        KeyPage<Integer> page = KeyPage.first(pageSize);
        while (true) {
            List<Checkpoint> newestFirst = ofRun(runId, page);
            all.addAll(newestFirst);
            if (newestFirst.size() < pageSize) {
                return List.copyOf(all);
            }
            page = KeyPage.after(newestFirst.get(newestFirst.size() - 1).version(), pageSize);
        }
    }

    /** Deletes the run's checkpoints; returns how many there were. */
    int deleteOfRun(RunId runId);
}
