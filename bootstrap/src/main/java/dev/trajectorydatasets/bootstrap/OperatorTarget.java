package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.http.backup.BackupExport;
import dev.trajectorydatasets.application.backup.BackupBatch;
import dev.trajectorydatasets.application.backup.RestoreReport;
import java.io.IOException;
import java.io.Writer;

import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.group.GroupSummary;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.overview.RunContents;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the operators' commands read and change: a store opened by this process ({@link #of(DatasetManager)}) or a
 * running server reached through its HTTP API ({@link ServerTarget}), so nothing has to stop for a command to run.
 */
interface OperatorTarget extends AutoCloseable {

    KeyedPage<RunSummary, RunId> runs(KeyPage<RunId> page);

    /** Statistics of every record, or of one run's, counted in {@code group} (any group but the default needs the run). */
    UsageStats stats(Optional<String> run, ConsumerGroup group);

    /** The run's consumer groups, the default first. */
    List<GroupSummary> groups(RunId run);

    /** A run's checkpoints, newest first. */
    KeyedPage<Checkpoint, Integer> checkpoints(RunId run, KeyPage<Integer> page);

    long count(Optional<String> run, Optional<Instant> since);

    /**
     * Writes a page of the backup of a run, or of all, its records created at or after {@code since} (the format of
     * {@code JsonLines}: on the first page the pauses and checkpoints too).
     */
    BackupExport.Written exportPage(Optional<RunId> run, Optional<Instant> since, PageRequest page, Writer out) throws IOException;

    /** Pauses the run's claims (a paused run keeps its first pause); the pause in force. */
    RunPause pause(RunId run, Optional<String> reason);

    /** Whether the run was paused. */
    boolean resume(RunId run);

    /** Every paused run. */
    List<RunPause> pauses();

    /** What the run holds, and when anything last happened to it. */
    RunContents contents(RunId run);

    /** The whole run, or with {@code dryRun} nothing; what it held. */
    RunContents deleteRun(RunId run, boolean dryRun);

    /** Restores a batch of a backup in one unit of work; {@code lines} are the same batch as lines (what a server is sent). */
    RestoreReport restore(BackupBatch batch, List<String> lines, boolean skipExisting);

    @Override
    void close();

    /** The store this process opened. */
    static OperatorTarget of(DatasetManager manager) {
        return new OperatorTarget() {
            @Override
            public KeyedPage<RunSummary, RunId> runs(KeyPage<RunId> page) {
                return manager.getRuns(page);
            }

            @Override
            public UsageStats stats(Optional<String> run, ConsumerGroup group) {
                DatasetManager counting = manager.inGroup(group);
                return run.map(counting::getUsageStats).orElseGet(counting::getUsageStats);
            }

            @Override
            public List<GroupSummary> groups(RunId run) {
                return manager.getConsumerGroups(run);
            }

            @Override
            public KeyedPage<Checkpoint, Integer> checkpoints(RunId run, KeyPage<Integer> page) {
                return manager.getCheckpoints(run, page);
            }

            @Override
            public long count(Optional<String> run, Optional<Instant> since) {
                return manager.countDatasets(filter(run, since));
            }

            @Override
            public BackupExport.Written exportPage(Optional<RunId> run, Optional<Instant> since, PageRequest page, Writer out) throws IOException {
                return BackupExport.writePage(manager, run, since, page, out);
            }

            @Override
            public RunPause pause(RunId run, Optional<String> reason) {
                return manager.pauseRun(run, reason);
            }

            @Override
            public boolean resume(RunId run) {
                return manager.resumeRun(run);
            }

            @Override
            public List<RunPause> pauses() {
                return manager.getPausedRuns();
            }

            @Override
            public RunContents contents(RunId run) {
                return manager.getRunContents(run);
            }

            @Override
            public RunContents deleteRun(RunId run, boolean dryRun) {
                return manager.deleteRun(run, dryRun);
            }

            @Override
            public RestoreReport restore(BackupBatch batch, List<String> lines, boolean skipExisting) {
                return manager.restore(batch, skipExisting);
            }

            @Override
            public void close() {
                manager.close();
            }
        };
    }

    private static TrajectoryFilter filter(Optional<String> run, Optional<Instant> since) {
        TrajectoryFilter filter = run.map(TrajectoryFilter::ofRun).orElseGet(TrajectoryFilter::all);
        return since.map(filter::createdAtOrAfter).orElse(filter);
    }
}
