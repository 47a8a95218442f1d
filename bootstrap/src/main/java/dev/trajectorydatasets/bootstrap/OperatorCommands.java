package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.group.GroupSummary;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.overview.RunContents;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.embedded.ConfigurationException;
import dev.trajectorydatasets.embedded.DatasetManagers;
import dev.trajectorydatasets.embedded.StoreChoice;
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

/** The operators' read and clean-up commands: through a running server ({@code --url}) or on a store they open. */
final class OperatorCommands {

    private OperatorCommands() {
    }

    /**
     * A command on a running server ({@code --url} or {@code DATASETS_URL}, through the HTTP API: nothing needs
     * stopping) or on a store this process opens and closes. The schema is taken as it is (run {@code migrate}
     * first), except by commands that write into a store that may be new ({@code import}).
     */
    abstract static class OnStore extends Cli.CliCommand implements Callable<Integer> {

        @Mixin
        Cli.StoreOptions store;

        @Option(names = "--url", paramLabel = "URL", description = "a running server to work through, e.g. http://127.0.0.1:8080"
                + " (DATASETS_URL; its token from DATASETS_API_TOKEN)")
        String url;

        OnStore(Cli cli) {
            super(cli);
        }

        @Override
        public final Integer call() throws Exception {
            Optional<String> server = server();
            if (server.isPresent()) {
                try (OperatorTarget target = new ServerTarget(server.get(), Optional.ofNullable(cli.env().get("DATASETS_API_TOKEN")))) {
                    return run(target);
                }
            }
            StoreChoice choice = settings(store.flags()).storeChoice();
            if (choice instanceof StoreChoice.Memory) {
                throw new ConfigurationException("--store (DATASETS_STORE)", "is memory: a memory store lives and dies with the server"
                        + " that holds it, so a command cannot open it; point the command at that server with --url (or DATASETS_URL)");
            }
            try (OperatorTarget target = OperatorTarget.of(DatasetManagers.builder().store(choice).migrate(migrates()).open())) {
                return run(target);
            }
        }

        /** The server to work through: {@code --url}, else {@code DATASETS_URL} unless a store flag was given. */
        private Optional<String> server() {
            boolean storeFlags = !store.flags().isEmpty();
            if (url != null) {
                if (storeFlags) {
                    throw new ConfigurationException("--url", "cannot be combined with --store or --data-dir: a command works through a"
                            + " server or on a store it opens, not both");
                }
                return Optional.of(url);
            }
            return storeFlags ? Optional.empty() : Optional.ofNullable(cli.env().get("DATASETS_URL")).filter(value -> !value.isBlank());
        }

        /** Whether the command creates or updates the schema first (on a store it opens). */
        boolean migrates() {
            return false;
        }

        abstract int run(OperatorTarget target) throws Exception;
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "List the runs with their counts.")
    static final class Runs extends OnStore {

        Runs(Cli cli) {
            super(cli);
        }

        @Override
        int run(OperatorTarget target) {
            cli.out().printf(Locale.ROOT, "%-40s %12s %12s %12s %8s %10s  %-27s  %s%n", "run_id", "trajectories", "unused", "uses",
                    "newest_mv", "checkpoint", "last_created_at", "paused");
            java.util.Map<RunId, RunPause> paused = new java.util.HashMap<>();
            target.pauses().forEach(pause -> paused.put(pause.runId(), pause));
            KeyPage<RunId> page = KeyPage.first(1_000);
            while (true) {
                KeyedPage<RunSummary, RunId> runs = target.runs(page);
                for (RunSummary run : runs.items()) {
                    RunPause pause = paused.get(run.runId());
                    cli.out().printf(Locale.ROOT, "%-40s %12d %12d %12d %8d %10s  %-27s  %s%n", run.runId(), run.trajectories(), run.unused(),
                            run.totalUses(), run.newestModelVersion(),
                            run.newestCheckpoint().isPresent() ? String.valueOf(run.newestCheckpoint().getAsInt()) : "-", run.lastCreatedAt(),
                            pause == null ? "-" : "since " + pause.since() + pause.reason().map(r -> " (" + r + ")").orElse(""));
                }
                if (runs.next().isEmpty()) {
                    return 0;
                }
                page = KeyPage.after(runs.next().get(), 1_000);
            }
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause a run's claims: claims and group claims take nothing from it (and say why) until resume;"
                    + " creates, acknowledgements and reads go on.")
    static final class Pause extends OnStore {

        @Parameters(paramLabel = "RUN_ID", description = "the run")
        String run;

        @Option(names = "--reason", paramLabel = "TEXT", description = "why, shown with the pause")
        String reason;

        Pause(Cli cli) {
            super(cli);
        }

        @Override
        int run(OperatorTarget target) {
            RunPause pause = target.pause(RunId.of(run), Optional.ofNullable(reason));
            cli.out().println("run '" + pause.runId() + "' paused since " + pause.since() + pause.reason().map(r -> ": " + r).orElse(""));
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "End a run's pause.")
    static final class Resume extends OnStore {

        @Parameters(paramLabel = "RUN_ID", description = "the run")
        String run;

        Resume(Cli cli) {
            super(cli);
        }

        @Override
        int run(OperatorTarget target) {
            cli.out().println(target.resume(RunId.of(run)) ? "run '" + run + "' resumed" : "run '" + run + "' was not paused");
            return 0;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Usage statistics of every record, or of one run.")
    static final class Stats extends OnStore {

        @Option(names = "--run", paramLabel = "RUN_ID", description = "only this run")
        String run;

        @Option(names = "--consumer-group", paramLabel = "GROUP", description = "counted in this consumer group of the run (default: the records' own used)")
        String group;

        Stats(Cli cli) {
            super(cli);
        }

        @Override
        int run(OperatorTarget target) {
            UsageStats stats = target.stats(Optional.ofNullable(run), group == null ? ConsumerGroup.DEFAULT : ConsumerGroup.of(group));
            cli.out().printf(Locale.ROOT, "total_count   %d%naverage_used  %.4f%nmax_used      %d%nmin_used      %d%nunique_runs   %d%n",
                    stats.totalCount(), stats.averageUsed(), stats.maxUsed(), stats.minUsed(), stats.uniqueRuns());
            return 0;
        }
    }

    @Command(name = "consumer-groups", mixinStandardHelpOptions = true,
            description = "A run's consumer groups (the default first) with the trajectories each has used and not yet, and its uses.")
    static final class Groups extends OnStore {

        @Parameters(paramLabel = "RUN_ID", description = "the run")
        String run;

        Groups(Cli cli) {
            super(cli);
        }

        @Override
        int run(OperatorTarget target) {
            cli.out().printf(Locale.ROOT, "%-24s %12s %12s %12s%n", "consumer_group", "used", "unused", "uses");
            for (GroupSummary group : target.groups(RunId.of(run))) {
                cli.out().printf(Locale.ROOT, "%-24s %12d %12d %12d%n", group.group(), group.used(), group.unused(), group.uses());
            }
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
        int run(OperatorTarget target) {
            RunId runId = RunId.of(run);
            cli.out().printf(Locale.ROOT, "%8s  %-27s  %s%n", "version", "created_at", "path");
            KeyPage<Integer> page = KeyPage.first(1_000);
            while (true) {
                KeyedPage<Checkpoint, Integer> checkpoints = target.checkpoints(runId, page);
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
            description = "Delete a whole run: its records with their usage history, its checkpoints and its leases (asks for"
                    + " the run id to confirm unless --yes; --dry-run only says what would go).")
    static final class DeleteRun extends OnStore {

        @Parameters(paramLabel = "RUN_ID", description = "the run")
        String run;

        @Option(names = "--yes", description = "do not ask")
        boolean yes;

        @Option(names = "--dry-run", description = "say what would be deleted, delete nothing")
        boolean dryRun;

        DeleteRun(Cli cli) {
            super(cli);
        }

        @Override
        int run(OperatorTarget target) throws IOException {
            RunId runId = RunId.of(run);
            RunContents held = target.deleteRun(runId, true);
            if (dryRun) {
                cli.out().println("would delete " + describe(held));
                return 0;
            }
            if (!yes) {
                Optional<String> answer = ask("delete " + describe(held) + "? type the run id to confirm: ");
                if (answer.isEmpty() || !answer.get().strip().equals(run)) {
                    cli.err().println("not deleted: " + (answer.isEmpty() ? "no terminal to ask; pass --yes" : "the answer was not the run id"));
                    return Cli.NOT_CONFIRMED;
                }
            }
            cli.out().println("deleted " + describe(target.deleteRun(runId, false)));
            return 0;
        }

        private static String describe(RunContents held) {
            return String.format(Locale.ROOT, "run '%s': %d records, %d usage events, %d checkpoints, %d leases", held.runId(),
                    held.trajectories(), held.usageEvents(), held.checkpoints(), held.leases());
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
