package dev.trajectorydatasets.domain.overview;

/**
 * The guide's {@code get_usage_stats}: how many records, how often they were used, over how many runs. All zero
 * for an empty selection.
 */
public record UsageStats(long totalCount, double averageUsed, int maxUsed, int minUsed, long uniqueRuns) {

    public static final UsageStats EMPTY = new UsageStats(0, 0, 0, 0, 0);

    /** Builds the statistics from the aggregates every store can compute exactly. */
    public static UsageStats of(long count, long sumUsed, int maxUsed, int minUsed, long uniqueRuns) {
        return count == 0 ? EMPTY : new UsageStats(count, (double) sumUsed / count, maxUsed, minUsed, uniqueRuns);
    }
}
