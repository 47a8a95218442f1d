package dev.trajectorydatasets.adapter.http.backup;

import dev.trajectorydatasets.application.backup.BackupOperations;
import dev.trajectorydatasets.application.backup.BackupPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.group.RunGroup;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of a backup written as {@link JsonLines}, the same for {@code GET /v1/export} and for {@code export} on a
 * store the CLI opened: on the first page the pauses and checkpoints, then the page's records with their history.
 */
public final class BackupExport {

    private BackupExport() {
    }

    /** What a page held: its records, and the cursor of the next page (empty on the last). */
    public record Written(int records, OptionalLong nextAfterId) {
    }

    public static Written writePage(BackupOperations backups, Optional<RunId> run, Optional<Instant> since, PageRequest page, Writer out)
            throws IOException {
        if (page.afterId().isEmpty()) {
            for (RunPause pause : backups.getBackupPauses(run)) {
                JsonLines.write(pause, out);
            }
            for (Checkpoint checkpoint : backups.getBackupCheckpoints(run)) {
                JsonLines.write(checkpoint, out);
            }
            for (RunGroup group : backups.getBackupGroups(run)) {
                JsonLines.write(group, out);
            }
        }
        TrajectoryFilter filter = run.map(TrajectoryFilter::ofRun).orElseGet(TrajectoryFilter::all);
        BackupPage records = backups.getBackupPage(since.map(filter::createdAtOrAfter).orElse(filter), page);
        for (BackupPage.Entry entry : records.records()) {
            JsonLines.write(entry.record(), entry.history(), entry.groupCounts(), out);
        }
        return new Written(records.records().size(), records.nextAfterId());
    }
}
