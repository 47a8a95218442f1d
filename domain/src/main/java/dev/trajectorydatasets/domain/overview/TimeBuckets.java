package dev.trajectorydatasets.domain.overview;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code count} equal spans of time, each {@code width} long (whole seconds), the first starting at {@code start}:
 * the x axis of a run's timeline. At most {@link #MAX_COUNT} spans, each at most {@link #MAX_WIDTH}, so an answer's
 * size is bounded whatever the run holds.
 */
public record TimeBuckets(Instant start, Duration width, int count) {

    /** The most spans one timeline has. */
    public static final int MAX_COUNT = 1_000;
    /** The widest span: 30 days. */
    public static final Duration MAX_WIDTH = Duration.ofDays(30);

    public TimeBuckets {
        DatasetRules.storable("start", DatasetRules.required("start", start));
        validWidth(width);
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidInputException("bucketSeconds", "makes " + count + " buckets; a timeline has 1 to " + MAX_COUNT
                    + ": widen the buckets or narrow from/to");
        }
        DatasetRules.storable("to", start.plus(width.multipliedBy(count)));
    }

    /** The spans of {@code width} that cover {@code from} (inclusive) to {@code to} (exclusive), the first at {@code from}. */
    public static TimeBuckets covering(Instant from, Instant to, Duration width) {
        DatasetRules.storable("from", from);
        DatasetRules.storable("to", to);
        validWidth(width);
        if (!from.isBefore(to)) {
            throw new InvalidInputException("from", "must be earlier than to");
        }
        Duration between = Duration.between(from, to);
        // Whole seconds only: a part of a second more reaches into the next span exactly as one second more does.
        long seconds = between.getSeconds() + (between.getNano() > 0 ? 1 : 0);
        long spans = Math.max(1, (seconds + width.getSeconds() - 1) / width.getSeconds());
        return new TimeBuckets(from, width, (int) Math.min(spans, Integer.MAX_VALUE));
    }

    /** The span widths {@link #fitting} chooses from: round numbers of seconds, minutes, hours and days. */
    private static final long[] ROUND_WIDTHS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800,
            21_600, 43_200, 86_400, 172_800, 604_800, 1_209_600, 2_592_000};

    /**
     * The spans covering {@code from} to {@code to} with the narrowest round width that makes at most {@code most}
     * of them (a chart's worth), the first starting at {@code from} rounded down to that width.
     */
    public static TimeBuckets fitting(Instant from, Instant to, int most) {
        DatasetRules.storable("from", from);
        DatasetRules.storable("to", to);
        if (!from.isBefore(to)) {
            throw new InvalidInputException("from", "must be earlier than to");
        }
        if (most < 2 || most > MAX_COUNT) {
            throw new IllegalArgumentException("most must be 2 to " + MAX_COUNT + ", was " + most);
        }
        long span = Duration.between(from, to).getSeconds() + 1;
        long width = ROUND_WIDTHS[ROUND_WIDTHS.length - 1];
        for (long candidate : ROUND_WIDTHS) {
            if (span <= candidate * (most - 1)) {
                width = candidate;
                break;
            }
        }
        return covering(roundedDown(from, Duration.ofSeconds(width)), to, Duration.ofSeconds(width));
    }

    /** {@code at} rounded down to a whole multiple of {@code width} (whole seconds) since the epoch. */
    public static Instant roundedDown(Instant at, Duration width) {
        long seconds = Math.max(1, width.getSeconds());
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    }

    /** {@code width} when it is a whole number of seconds from 1 s to {@link #MAX_WIDTH}. */
    public static Duration validWidth(Duration width) {
        DatasetRules.required("width", width);
        if (width.getNano() != 0 || width.getSeconds() < 1 || width.compareTo(MAX_WIDTH) > 0) {
            throw new InvalidInputException("bucketSeconds", "must be a whole number of seconds from 1 to " + MAX_WIDTH.getSeconds()
                    + ", was " + width.getSeconds());
        }
        return width;
    }

    /** Where the last span ends (exclusive). */
    public Instant end() {
        return start.plus(width.multipliedBy(count));
    }

    /** When span {@code index} starts. */
    public Instant startOf(int index) {
        return start.plus(width.multipliedBy(index));
    }

    /** The span holding {@code at}: -1 before the first, {@link #count()} from the end on. */
    public int indexOf(Instant at) {
        if (at.isBefore(start)) {
            return -1;
        }
        long index = Duration.between(start, at).getSeconds() / width.getSeconds();
        return (int) Math.min(index, count);
    }
}
