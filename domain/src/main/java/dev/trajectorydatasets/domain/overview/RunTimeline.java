package dev.trajectorydatasets.domain.overview;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.usage.UsageKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A run over time: one {@link TimelineBucket} per span of {@code buckets}, oldest first, and what came before the
 * first span (trajectories created, trajectories first counted), so running totals can be told: see
 * {@link #runningTotals()}. Only trajectories still in the run are counted (deleted ones leave no trace).
 */
public record RunTimeline(RunId runId, TimeBuckets buckets, long createdBefore, long firstUsedBefore, List<TimelineBucket> points) {

    public RunTimeline {
        DatasetRules.required("runId", runId);
        DatasetRules.required("buckets", buckets);
        points = List.copyOf(DatasetRules.required("points", points));
        if (points.size() != buckets.count()) {
            throw new IllegalArgumentException("a timeline has one point per bucket: " + points.size() + " for " + buckets.count());
        }
    }

    /** At the end of a span: trajectories the run held, and how many of them had never been counted. */
    public record Totals(long trajectories, long neverUsed) {
    }

    /** The running totals at the end of each span, oldest first. */
    public List<Totals> runningTotals() {
        List<Totals> totals = new ArrayList<>(points.size());
        long created = createdBefore;
        long firstUsed = firstUsedBefore;
        for (TimelineBucket point : points) {
            created += point.created();
            firstUsed += point.firstUsed();
            totals.add(new Totals(created, created - firstUsed));
        }
        return List.copyOf(totals);
    }

    /**
     * Counts gathered span by span (in any order, several times per span) into a timeline: what a store tallies as
     * it reads. A span index of -1 means before the first span; indexes past the last are left out.
     */
    public static final class Tally {
        private final TimeBuckets buckets;
        private final long[][] counts;
        private long createdBefore;
        private long firstUsedBefore;

        public Tally(TimeBuckets buckets) {
            this.buckets = DatasetRules.required("buckets", buckets);
            this.counts = new long[buckets.count()][5];
        }

        /** {@code n} trajectories created in span {@code index}. */
        public void created(long index, long n) {
            if (index < 0) {
                createdBefore += n;
            } else if (index < counts.length) {
                counts[(int) index][0] += n;
            }
        }

        /** {@code n} trajectories counted for the first time in span {@code index}. */
        public void firstUsed(long index, long n) {
            if (index < 0) {
                firstUsedBefore += n;
            } else if (index < counts.length) {
                counts[(int) index][1] += n;
            }
        }

        /**
         * {@code n} uses counted in span {@code index} by changes of {@code kind}: claims and group claims,
         * acknowledgements and direct uses each have their column; creations, sets, baselines and re-rolls are not uses.
         */
        public void counted(long index, UsageKind kind, long n) {
            int column = switch (DatasetRules.required("kind", kind)) {
                case CLAIM, GROUP_CLAIM -> 2;
                case ACKNOWLEDGE -> 3;
                case USE -> 4;
                case CREATE, SET, BASELINE, REROLL -> -1;
            };
            if (column > 0 && index >= 0 && index < counts.length) {
                counts[(int) index][column] += n;
            }
        }

        public RunTimeline timeline(RunId runId) {
            List<TimelineBucket> points = new ArrayList<>(counts.length);
            for (int i = 0; i < counts.length; i++) {
                long[] c = counts[i];
                points.add(new TimelineBucket(buckets.startOf(i), c[0], c[1], c[2], c[3], c[4]));
            }
            return new RunTimeline(runId, buckets, createdBefore, firstUsedBefore, points);
        }
    }
}
