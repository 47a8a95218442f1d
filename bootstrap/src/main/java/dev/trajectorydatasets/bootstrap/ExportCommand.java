package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.http.backup.BackupExport;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.PageRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code export}: a backup as JSON Lines (pauses, checkpoints, then the records by id, each followed by its usage
 * events), walking the store by id (cheap at any depth), with progress on stderr.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a backup as JSON Lines (pauses, checkpoints, records by id each followed by its usage history), to a file or to stdout.")
final class ExportCommand extends OperatorCommands.OnStore {

    static final int PAGE = 10_000;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "only this run")
    String run;

    @Option(names = "--since", paramLabel = "INSTANT", description = "only records created at or after this ISO-8601 instant")
    String since;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "-", description = "where to write; - for stdout (the default)")
    String out;

    ExportCommand(Cli cli) {
        super(cli);
    }

    @Override
    int run(OperatorTarget target) throws IOException {
        Optional<Instant> from = Optional.empty();
        if (since != null) {
            try {
                from = Optional.of(Instant.parse(since));
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("--since", "must be an ISO-8601 instant such as 2026-11-29T00:00:00Z, was '" + since + "'");
            }
        }
        Optional<String> ofRun = Optional.ofNullable(run);
        Progress progress = new Progress(cli.err(), "exported", OptionalLong.of(target.count(ofRun, from)), Progress.stderrIsTerminal());
        boolean toStdout = out.equals("-");
        Writer writer = toStdout
                ? new BufferedWriter(new OutputStreamWriter(cli.out(), StandardCharsets.UTF_8), 1 << 16)
                : Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8);
        try {
            PageRequest page = PageRequest.first(PAGE);
            Optional<RunId> runId = ofRun.map(RunId::of);
            while (true) {
                BackupExport.Written written = target.exportPage(runId, from, page, writer);
                progress.advance(written.records());
                if (written.nextAfterId().isEmpty()) {
                    break;
                }
                page = PageRequest.after(written.nextAfterId().getAsLong(), PAGE);
            }
        } finally {
            // stdout stays open (flushed): it is the process's, not this command's.
            if (toStdout) {
                writer.flush();
            } else {
                writer.close();
            }
        }
        progress.finish();
        return 0;
    }
}
