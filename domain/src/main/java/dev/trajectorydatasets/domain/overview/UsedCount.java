package dev.trajectorydatasets.domain.overview;

/** One bar of a run's {@code used} histogram: how many of its trajectories have been counted exactly {@code used} times. */
public record UsedCount(int used, long trajectories) {
}
