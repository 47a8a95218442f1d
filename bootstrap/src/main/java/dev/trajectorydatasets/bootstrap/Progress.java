package dev.trajectorydatasets.bootstrap;

import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How far a long command is, on stderr: a bar redrawn in place (rows done, rate, ETA) when stderr is a terminal,
 * else a plain line every 10 seconds; always one closing line.
 */
final class Progress {

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long LINE_NANOS = 10_000_000_000L;

    private final PrintStream err;
    private final String verb;
    private final OptionalLong total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long done;
    private long lastShown = start;

    Progress(PrintStream err, String verb, OptionalLong total, boolean terminal) {
        this.err = err;
        this.verb = verb;
        this.total = total;
        this.terminal = terminal;
    }

    /** Whether this process's stderr is a terminal (both standard streams are, for the JDK to say so). */
    static boolean stderrIsTerminal() {
        return System.console() != null;
    }

    void advance(long rows) {
        done += rows;
        long now = System.nanoTime();
        if (now - lastShown >= (terminal ? REDRAW_NANOS : LINE_NANOS)) {
            lastShown = now;
            if (terminal) {
                err.print("\r" + line(now) + "   ");
            } else {
                err.println(line(now));
            }
            err.flush();
        }
    }

    long done() {
        return done;
    }

    /** The closing line: how many, how long, how fast. */
    void finish() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        err.print(terminal ? "\r" : "");
        err.printf(Locale.ROOT, "%s %,d records in %.1f s (%,.0f records/s)%n", verb, done, seconds, done / seconds);
        err.flush();
    }

    private String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        if (total.isEmpty() || total.getAsLong() == 0) {
            return String.format(Locale.ROOT, "%s %,d records, %,.0f/s", verb, done, rate);
        }
        long all = total.getAsLong();
        double share = Math.min(1.0, (double) done / all);
        int filled = (int) Math.round(share * 30);
        String bar = "#".repeat(filled) + ".".repeat(30 - filled);
        String eta = rate > 0 ? String.format(Locale.ROOT, "%.0f s left", Math.max(0, all - done) / rate) : "";
        return String.format(Locale.ROOT, "%s [%s] %3.0f%% %,d/%,d records, %,.0f/s, %s", verb, bar, share * 100, done, all, rate, eta);
    }
}
