package dev.trajectorydatasets.adapter.mysql.shared;


/** The aggregates behind {@code UsageStats}, as one row. Public for MyBatis, as {@link TrajectoryRow} is. */
public final class StatsRow {

    private long totalCount;
    private long sumUsed;
    private int maxUsed;
    private int minUsed;
    private long uniqueRuns;

    public long getTotalCount() {
        return totalCount;
    }

    public void setTotalCount(long totalCount) {
        this.totalCount = totalCount;
    }

    public long getSumUsed() {
        return sumUsed;
    }

    public void setSumUsed(long sumUsed) {
        this.sumUsed = sumUsed;
    }

    public int getMaxUsed() {
        return maxUsed;
    }

    public void setMaxUsed(int maxUsed) {
        this.maxUsed = maxUsed;
    }

    public int getMinUsed() {
        return minUsed;
    }

    public void setMinUsed(int minUsed) {
        this.minUsed = minUsed;
    }

    public long getUniqueRuns() {
        return uniqueRuns;
    }

    public void setUniqueRuns(long uniqueRuns) {
        this.uniqueRuns = uniqueRuns;
    }
}
