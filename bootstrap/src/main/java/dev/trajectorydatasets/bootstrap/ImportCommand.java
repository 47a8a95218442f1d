package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.http.backup.BackupReader;
import dev.trajectorydatasets.adapter.http.backup.JsonLines;
import dev.trajectorydatasets.application.backup.RestoreReport;
import dev.trajectorydatasets.domain.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code import}: a backup as {@code export} writes it (or records alone, as earlier versions wrote them), in batches
 * of 10,000 lines, each one unit of work; a record's usage lines always go in its batch. With {@code --on-conflict
 * skip} (the default) what is stored already is left as it is, so re-running an interrupted import adds only what is
 * missing.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Read JSON Lines as export writes them (a file, or - for stdin) into the store, 10,000 records a batch.")
final class ImportCommand extends OperatorCommands.OnStore {

    static final int BATCH = 10_000;
    /** A batch also ends at this many characters, so a batch sent to a server stays under its 16 MB body limit (at most 3 bytes a character). */
    static final long BATCH_CHARS = 4L << 20;

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
    int run(OperatorTarget target) throws IOException {
        if (!onConflict.equals("skip") && !onConflict.equals("error")) {
            throw new InvalidInputException("--on-conflict", "must be skip or error, was '" + onConflict + "'");
        }
        boolean skip = onConflict.equals("skip");
        Progress progress = new Progress(cli.err(), "imported", OptionalLong.empty(), Progress.stderrIsTerminal());
        Tally tally = new Tally();
        long lineNumber = 0;
        try (Reader input = file.equals("-") ? strictUtf8(System.in) : strictUtf8(Files.newInputStream(Path.of(file)))) {
            BoundedLines lines = new BoundedLines(input, MAX_LINE_CHARS);
            BackupReader batch = new BackupReader();
            List<String> batchLines = new ArrayList<>(BATCH);
            long batchChars = 0;
            String line;
            while ((line = next(lines, lineNumber + 1, tally)) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonLines.Line read = JsonLines.read(line);
                    if (BackupReader.endsBefore(read) && (batch.lines() >= BATCH || batchChars >= BATCH_CHARS)) {
                        store(target, batch, batchLines, skip, progress, tally);
                        batchChars = 0;
                        tally.committedThrough = lineNumber - 1;
                    }
                    batch.add(read);
                    batchLines.add(line);
                    batchChars += line.length();
                } catch (InvalidInputException e) {
                    throw stopped(e.field(), e.reason(), lineNumber, tally);
                } catch (IOException e) {
                    throw stopped("line " + lineNumber, "is not JSON: " + e.getMessage().lines().findFirst().orElse(""), lineNumber, tally);
                }
            }
            try {
                store(target, batch, batchLines, skip, progress, tally);
            } catch (InvalidInputException e) {
                throw stopped(e.field(), e.reason(), lineNumber, tally);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("FILE", "does not exist: " + file);
        }
        progress.finish();
        if (tally.skipped > 0) {
            cli.err().println("skipped " + tally.skipped + " records whose trajectory ids were stored already");
        }
        if (tally.events + tally.checkpoints + tally.pauses > 0) {
            cli.err().println("restored with them " + tally.events + " usage events, " + tally.checkpoints + " checkpoints and "
                    + tally.pauses + " pauses");
        }
        return 0;
    }

    /** What the committed batches stored, and the last line they hold. */
    private static final class Tally {
        long created;
        long skipped;
        long events;
        long checkpoints;
        long pauses;
        long committedThrough;
    }

    /** Longest line read: a record's line is at most about 10 KB (attributes hold at most 8 KB). */
    static final int MAX_LINE_CHARS = 1 << 20;

    private static Reader strictUtf8(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** The next line, or the import stopped there with what was committed before it. */
    private static String next(BoundedLines lines, long lineNumber, Tally tally) throws IOException {
        try {
            return lines.next();
        } catch (CharacterCodingException e) {
            throw stopped("line " + lineNumber, "is not valid UTF-8", lineNumber, tally);
        } catch (BoundedLines.TooLong e) {
            throw stopped("line " + lineNumber, "is longer than " + MAX_LINE_CHARS + " characters", lineNumber, tally);
        }
    }

    /**
     * The error a bad line ends the import with: the line, why, and what the batches before it committed (an import
     * commits 10,000 records at a time), with how to go on.
     */
    private static InvalidInputException stopped(String field, String reason, long lineNumber, Tally tally) {
        String done = tally.committedThrough == 0
                ? "nothing was imported"
                : tally.created + " records of lines 1-" + tally.committedThrough + " were imported (" + tally.skipped
                        + " were stored already); fix the line and run the import again: with --on-conflict skip (the default)"
                        + " records stored already are skipped";
        return new InvalidInputException(field, reason + " (line " + lineNumber + "); " + done);
    }

    private static void store(OperatorTarget target, BackupReader batch, List<String> lines, boolean skip, Progress progress, Tally tally) {
        if (batch.lines() == 0) {
            return;
        }
        RestoreReport restored = target.restore(batch.take(), List.copyOf(lines), skip);
        lines.clear();
        progress.advance(restored.created());
        tally.created += restored.created();
        tally.skipped += restored.skipped();
        tally.events += restored.events();
        tally.checkpoints += restored.checkpoints();
        tally.pauses += restored.pauses();
    }
}
