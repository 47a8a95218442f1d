package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.embedded.DatasetManagers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** The operators' read and clean-up commands; they work on the configured store directly, like {@code migrate}. */
final class OperatorCommands {

    private OperatorCommands() {
    }

    /**
     * A command that opens the configured store and closes it. The schema is taken as it is (run {@code migrate}
     * first), except by commands that write into a store that may be new ({@code import}).
     */
    abstract static class OnStore extends Cli.CliCommand implements Callable<Integer> {

        @Mixin
        Cli.StoreOptions store;

        OnStore(Cli cli) {
            super(cli);
        }

        @Override
        public final Integer call() throws Exception {
            try (DatasetManager manager = DatasetManagers.builder().store(settings(store.flags()).storeChoice()).migrate(migrates()).open()) {
                return run(manager);
            }
        }

        /** Whether the command creates or updates the schema first. */
        boolean migrates() {
            return false;
        }

        abstract int run(DatasetManager manager) throws Exception;
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "List the runs with their counts.")
    static final class Runs extends OnStore {

        Runs(Cli cli) {
            super(cli);
        }

        @Override
        int run(DatasetManager manager) {
            cli.out().printf(Locale.ROOT, "%-40s %12s %12s %12s %8s %10s  %s%n", "run_id", "trajectories", "unused", "uses",
                    "newest_mv", "checkpoint", "last_created_at");
            KeyPage<RunId> page = KeyPage.first(1_000);
            while (true) {
                KeyedPage<RunSummary, RunId> runs = manager.getRuns(page);
                for (RunSummary run : runs.items()) {
                    cli.out().printf(Locale.ROOT, "%-40s %12d %12d %12d %8d %10s  %s%n", run.runId(), run.trajectories(), run.unused(),
                            run.totalUses(), run.newestModelVersion(),
                            run.newestCheckpoint().isPresent() ? String.valueOf(run.newestCheckpoint().getAsInt()) : "-", run.lastCreatedAt());
                }
                if (runs.next().isEmpty()) {
                    return 0;
                }
                page = KeyPage.after(runs.next().get(), 1_000);
            }
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Usage statistics of every record, or of one run.")
    static final class Stats extends OnStore {

        @Option(names = "--run", paramLabel = "RUN_ID", description = "only this run")
        String run;

        Stats(Cli cli) {
            super(cli);
        }

        @Override
        int run(DatasetManager manager) {
            UsageStats stats = run == null ? manager.getUsageStats() : manager.getUsageStats(run);
            cli.out().printf(Locale.ROOT, "total_count   %d%naverage_used  %.4f%nmax_used      %d%nmin_used      %d%nunique_runs   %d%n",
                    stats.totalCount(), stats.averageUsed(), stats.maxUsed(), stats.minUsed(), stats.uniqueRuns());
            return 0;
        }
    }

    @Command(name = "checkpoints", mixinStandardHelpOptions = true, description = "A run's checkpoints, newest first.")
    static final class Checkpoints extends OnStore {

        @Parameters(paramLabel = "RUN_ID", description = "the run")
        String run;

        Checkpoints(Cli cli) {
            super(cli);
        }

        @Override
        int run(DatasetManager manager) {
            RunId runId = RunId.of(run);
            cli.out().printf(Locale.ROOT, "%8s  %-27s  %s%n", "version", "created_at", "path");
            KeyPage<Integer> page = KeyPage.first(1_000);
            while (true) {
                KeyedPage<Checkpoint, Integer> checkpoints = manager.getCheckpoints(runId, page);
                for (Checkpoint checkpoint : checkpoints.items()) {
                    cli.out().printf(Locale.ROOT, "%8d  %-27s  %s%n", checkpoint.version(), checkpoint.createdAt(), checkpoint.path());
                }
                if (checkpoints.next().isEmpty()) {
                    return 0;
                }
                page = KeyPage.after(checkpoints.next().get(), 1_000);
            }
        }
    }

    @Command(name = "delete-run", mixinStandardHelpOptions = true,
            description = "Delete every record of a run (asks for the run id to confirm unless --yes).")
    static final class DeleteRun extends OnStore {

        @Parameters(paramLabel = "RUN_ID", description = "the run")
        String run;

        @Option(names = "--yes", description = "do not ask")
        boolean yes;

        DeleteRun(Cli cli) {
            super(cli);
        }

        @Override
        int run(DatasetManager manager) throws IOException {
            long records = manager.countDatasets(TrajectoryFilter.ofRun(run));
            if (!yes) {
                Optional<String> answer = ask("delete the " + records + " records of run '" + run + "'? type the run id to confirm: ");
                if (answer.isEmpty() || !answer.get().strip().equals(run)) {
                    cli.err().println("not deleted: " + (answer.isEmpty() ? "no terminal to ask; pass --yes" : "the answer was not the run id"));
                    return Cli.NOT_CONFIRMED;
                }
            }
            int deleted = manager.deleteDatasetsByRunId(run);
            cli.out().println("deleted " + deleted + " records of run '" + run + "'");
            return 0;
        }

        /** The line typed at the terminal, or empty when there is none to ask. */
        private Optional<String> ask(String question) throws IOException {
            if (System.console() == null) {
                return Optional.empty();
            }
            cli.err().print(question);
            cli.err().flush();
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return Optional.ofNullable(line);
        }
    }
}
