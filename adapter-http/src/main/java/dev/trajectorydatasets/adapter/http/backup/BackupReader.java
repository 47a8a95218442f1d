package dev.trajectorydatasets.adapter.http.backup;

import dev.trajectorydatasets.application.backup.BackupBatch;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.backup.RestoredTrajectory;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;

import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.group.RunGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * Gathers the lines of a backup, in order, into a batch to restore: a usage line belongs to the trajectory of the
 * lines above it, so a batch may end only before a line that is not a usage line ({@link #endsBefore}).
 */
public final class BackupReader {

    private final List<RunPause> pauses = new ArrayList<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private final List<RestoredTrajectory> records = new ArrayList<>();
    private final List<RunGroup> groups = new ArrayList<>();
    private JsonLines.Record open;
    private final List<UsageEvent> history = new ArrayList<>();
    private final Map<TrajectoryId, String> paths = new HashMap<>();
    private int lines;

    /** Whether a batch may end before {@code line}: it is not a usage line, so it starts an item of its own. */
    public static boolean endsBefore(JsonLines.Line line) {
        return !(line instanceof JsonLines.Usage);
    }

    /** Adds the next line; a usage line must follow its trajectory's line (or another of its usage lines). */
    public void add(JsonLines.Line line) {
        if (line instanceof JsonLines.Usage usage) {
            if (open == null || !open.record().trajectoryId().equals(usage.event().trajectoryId())) {
                throw new InvalidInputException("trajectory_id", "a usage line of '" + usage.event().trajectoryId().value()
                        + "' must follow the line of that trajectory");
            }
            history.add(usage.event());
        } else {
            close();
            if (line instanceof JsonLines.Record record) {
                open = record;
                record.checkpointPath().ifPresent(path -> paths.put(record.record().trajectoryId(), path));
            } else if (line instanceof JsonLines.CheckpointLine checkpoint) {
                checkpoints.add(checkpoint.checkpoint());
            } else if (line instanceof JsonLines.PauseLine pause) {
                pauses.add(pause.pause());
            } else if (line instanceof JsonLines.GroupLine group) {
                groups.add(group.group());
            }
        }
        lines++;
    }

    /** Lines added since the last {@link #take}. */
    public int lines() {
        return lines;
    }

    /** Everything added since the last take, as one batch. */
    public BackupBatch take() {
        close();
        BackupBatch batch = new BackupBatch(pauses, checkpoints, records, paths, groups);
        paths.clear();
        groups.clear();
        pauses.clear();
        checkpoints.clear();
        records.clear();
        lines = 0;
        return batch;
    }

    private void close() {
        if (open != null) {
            records.add(new RestoredTrajectory(open.record(), history, open.groupCounts()));
            open = null;
            history.clear();
        }
    }
}
