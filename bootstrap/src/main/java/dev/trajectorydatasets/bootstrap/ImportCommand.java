package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.application.CreateReport;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.NewDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code import}: JSON Lines as {@code export} writes them, in batches of 10,000, each one unit of work. With
 * {@code --on-conflict skip} (the default) records whose trajectory ids are stored are left as they are, so
 * re-running an interrupted import adds only what is missing.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Read JSON Lines as export writes them (a file, or - for stdin) into the store, 10,000 records a batch.")
final class ImportCommand extends OperatorCommands.OnStore {

    static final int BATCH = 10_000;

    @Parameters(paramLabel = "FILE", description = "the JSON Lines file; - for stdin")
    String file;

    @Option(names = "--on-conflict", paramLabel = "skip|error", defaultValue = "skip",
            description = "a trajectory id stored already: skip it (default; makes a re-run resume) or stop with an error")
    String onConflict;

    ImportCommand(Cli cli) {
        super(cli);
    }

    /** An import may fill a new store: its schema is created first. */
    @Override
    boolean migrates() {
        return true;
    }

    @Override
    int run(DatasetManager manager) throws IOException {
        if (!onConflict.equals("skip") && !onConflict.equals("error")) {
            throw new InvalidInputException("--on-conflict", "must be skip or error, was '" + onConflict + "'");
        }
        boolean skip = onConflict.equals("skip");
        Progress progress = new Progress(cli.err(), "imported", OptionalLong.empty(), Progress.stderrIsTerminal());
        long skipped = 0;
        long lineNumber = 0;
        try (BufferedReader lines = file.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            List<NewDataset> batch = new ArrayList<>(BATCH);
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    batch.add(JsonLines.read(line));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(e.field(), e.reason() + " (line " + lineNumber + ")");
                } catch (IOException e) {
                    throw new InvalidInputException("line " + lineNumber, "is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
                }
                if (batch.size() == BATCH) {
                    skipped += store(manager, batch, skip, progress);
                }
            }
            skipped += store(manager, batch, skip, progress);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("FILE", "does not exist: " + file);
        }
        progress.finish();
        if (skipped > 0) {
            cli.err().println("skipped " + skipped + " records whose trajectory ids were stored already");
        }
        return 0;
    }

    private static long store(DatasetManager manager, List<NewDataset> batch, boolean skip, Progress progress) {
        if (batch.isEmpty()) {
            return 0;
        }
        CreateReport report = manager.importDatasets(batch, skip);
        progress.advance(report.created().size());
        batch.clear();
        return report.skipped().size();
    }
}
