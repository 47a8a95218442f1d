package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.application.trajectory.CreateReport;
import dev.trajectorydatasets.application.trajectory.TrajectoryPage;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.overview.RunContents;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
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

    UsageStats stats(Optional<String> run);

    /** A run's checkpoints, newest first. */
    KeyedPage<Checkpoint, Integer> checkpoints(RunId run, KeyPage<Integer> page);

    long count(Optional<String> run, Optional<Instant> since);

    /** Records of a run, or all, created at or after {@code since}, by id. */
    TrajectoryPage search(Optional<String> run, Optional<Instant> since, PageRequest page);

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

    /**
     * Stores records as they are; {@code lines} are the same records as export lines (what a server is sent).
     *
     * @return how many were stored and how many were left as they were
     */
    Imported importRecords(List<NewTrajectory> records, List<String> lines, boolean skipExisting);

    @Override
    void close();

    /** How an import batch went. */
    record Imported(int created, int skipped) {
    }

    /** The store this process opened. */
    static OperatorTarget of(DatasetManager manager) {
        return new OperatorTarget() {
            @Override
            public KeyedPage<RunSummary, RunId> runs(KeyPage<RunId> page) {
                return manager.getRuns(page);
            }

            @Override
            public UsageStats stats(Optional<String> run) {
                return run.map(manager::getUsageStats).orElseGet(manager::getUsageStats);
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
            public TrajectoryPage search(Optional<String> run, Optional<Instant> since, PageRequest page) {
                return manager.searchDatasets(filter(run, since), page);
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
            public Imported importRecords(List<NewTrajectory> records, List<String> lines, boolean skipExisting) {
                CreateReport report = manager.importDatasets(records, skipExisting);
                return new Imported(report.created().size(), report.skipped().size());
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
