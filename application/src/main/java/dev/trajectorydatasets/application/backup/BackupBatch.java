package dev.trajectorydatasets.application.backup;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.backup.RestoredTrajectory;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.RunPause;

import java.util.List;

/** What one restore stores in one unit of work: pauses, checkpoints (with their versions) and records with their history. */
public record BackupBatch(List<RunPause> pauses, List<Checkpoint> checkpoints, List<RestoredTrajectory> records) {

    /** Each list kept as one of its own; none may be null. */
    public BackupBatch {
        pauses = List.copyOf(DatasetRules.required("pauses", pauses));
        checkpoints = List.copyOf(DatasetRules.required("checkpoints", checkpoints));
        records = List.copyOf(DatasetRules.required("records", records));
    }
}
