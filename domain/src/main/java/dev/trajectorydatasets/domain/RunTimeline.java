package dev.trajectorydatasets.domain;

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
}
