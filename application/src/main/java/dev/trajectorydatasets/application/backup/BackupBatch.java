package dev.trajectorydatasets.application.backup;

import dev.trajectorydatasets.domain.group.RunGroup;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.backup.RestoredTrajectory;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.RunPause;

import java.util.List;
import java.util.Map;

/**
 * What one restore stores in one unit of work: pauses, consumer groups of runs, checkpoints (with their versions) and
 * records with their history and group counts; {@code checkpointPaths} names, for records whose line gave a checkpoint's path instead of a model version,
 * that path (resolved in the run once the batch's checkpoints are stored).
 */
public record BackupBatch(List<RunPause> pauses, List<Checkpoint> checkpoints, List<RestoredTrajectory> records,
                          Map<TrajectoryId, String> checkpointPaths, List<RunGroup> groups) {

    /** Each list and map kept as one of its own; none may be null. */
    public BackupBatch {
        pauses = List.copyOf(DatasetRules.required("pauses", pauses));
        checkpoints = List.copyOf(DatasetRules.required("checkpoints", checkpoints));
        records = List.copyOf(DatasetRules.required("records", records));
        checkpointPaths = Map.copyOf(DatasetRules.required("checkpointPaths", checkpointPaths));
        groups = List.copyOf(DatasetRules.required("groups", groups));
    }

    /** A batch whose records all give their model version, and that declares no consumer group. */
    public BackupBatch(List<RunPause> pauses, List<Checkpoint> checkpoints, List<RestoredTrajectory> records) {
        this(pauses, checkpoints, records, Map.of(), List.of());
    }
}
