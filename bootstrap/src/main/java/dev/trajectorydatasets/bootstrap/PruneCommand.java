package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.overview.RunContents;
import dev.trajectorydatasets.domain.overview.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code prune}: the runs whose newest activity (trajectories created, uses, checkpoints, leases) is older than a
 * given age, listed (the default) or deleted whole with {@code --yes}, one run after the other, each a batch of
 * records per unit of work so claims on other runs keep their pace.
 */
@Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the runs nothing happened to for longer than --older-than (nothing is deleted without --yes),"
                + " or delete them whole with --yes: records, usage history, checkpoints, leases.")
final class PruneCommand extends OperatorCommands.OnStore {

    private static final Pattern AGE = Pattern.compile("([0-9]{1,6})([dhm])");

    @Option(names = "--older-than", paramLabel = "AGE", required = true, description = "e.g. 30d, 12h or 90m")
    String olderThan;

    @Option(names = "--yes", description = "delete them (without it, only list what would go)")
    boolean yes;

    PruneCommand(Cli cli) {
        super(cli);
    }

    @Override
    int run(OperatorTarget target) {
        Instant cutoff = Instant.now().minus(age(olderThan));
        List<RunContents> old = new ArrayList<>();
        KeyPage<RunId> page = KeyPage.first(1_000);
        while (true) {
            KeyedPage<RunSummary, RunId> runs = target.runs(page);
            for (RunSummary run : runs.items()) {
                RunContents held = target.contents(run.runId());
                if (held.lastActivityAt().isPresent() && held.lastActivityAt().get().isBefore(cutoff)) {
                    old.add(held);
                }
            }
            if (runs.next().isEmpty()) {
                break;
            }
            page = KeyPage.after(runs.next().get(), 1_000);
        }
        long records = old.stream().mapToLong(RunContents::trajectories).sum();
        cli.out().printf(Locale.ROOT, "%d runs with nothing since %s (%d records)%s%n", old.size(), cutoff, records,
                yes ? ":" : "; nothing deleted (--yes deletes them):");
        for (RunContents held : old) {
            cli.out().printf(Locale.ROOT, "  %-40s %12d records  last activity %s%n", held.runId(), held.trajectories(),
                    held.lastActivityAt().orElseThrow());
        }
        if (!yes) {
            return 0;
        }
        Progress progress = new Progress(cli.err(), "pruned", OptionalLong.of(records), Progress.stderrIsTerminal());
        for (RunContents held : old) {
            progress.advance(target.deleteRun(held.runId(), false).trajectories());
        }
        progress.finish();
        return 0;
    }

    static Duration age(String text) {
        Matcher age = AGE.matcher(text == null ? "" : text.strip());
        if (!age.matches()) {
            throw new InvalidInputException("--older-than", "must be a number of days, hours or minutes such as 30d, 12h or 90m, was '"
                    + text + "'");
        }
        long amount = Long.parseLong(age.group(1));
        return switch (age.group(2)) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
