package dev.trajectorydatasets.domain.overview;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collector;

/**
 * How a run's rewards are distributed at each model version (is training moving the mass up?): per version, its
 * trajectories, how many are scored, their lowest, highest and mean reward, and a histogram of {@code bins} equal
 * spans from {@code low} to {@code high} (a reward equal to {@code high} counts in the last span), with what falls
 * below or above counted apart. Asked with {@link #query}, answered by every store the same way.
 */
public record RewardDistribution(double low, double high, int bins, List<Version> versions) {

    /** Most spans a histogram may have. */
    public static final int MAX_BINS = 1_000;

    public RewardDistribution {
        versions = List.copyOf(DatasetRules.required("versions", versions));
    }

    /** One model version's rewards, lowest version first. {@code counts} has one entry per span. */
    public record Version(int modelVersion, long trajectories, long scored, OptionalDouble min, OptionalDouble max,
                          OptionalDouble mean, long below, List<Long> counts, long above) {
        public Version {
            counts = List.copyOf(DatasetRules.required("counts", counts));
        }
    }

    /**
     * The question, over the trajectories it is fed (see {@link OverviewStore#fold}).
     *
     * @throws InvalidInputException naming {@code low}, {@code high} or {@code bins} when the spans make no histogram
     */
    public static Collector<Trajectory, ?, RewardDistribution> query(double low, double high, int bins) {
        if (!Double.isFinite(low)) {
            throw new InvalidInputException("low", "must be a finite number, was " + low);
        }
        if (!Double.isFinite(high) || high <= low) {
            throw new InvalidInputException("high", "must be a finite number above low (" + low + "), was " + high);
        }
        if (bins < 1 || bins > MAX_BINS) {
            throw new InvalidInputException("bins", "must be between 1 and " + MAX_BINS + ", was " + bins);
        }
        return Collector.of(() -> new TreeMap<Integer, Tally>(),
                (versions, trajectory) -> versions.computeIfAbsent(trajectory.modelVersion(), v -> new Tally(bins)).add(trajectory, low, high),
                (left, right) -> {
                    throw new UnsupportedOperationException("a run is folded in one pass, never in parallel");
                },
                versions -> {
                    List<Version> answer = new ArrayList<>(versions.size());
                    for (Map.Entry<Integer, Tally> version : versions.entrySet()) {
                        answer.add(version.getValue().version(version.getKey()));
                    }
                    return new RewardDistribution(low, high, bins, answer);
                });
    }

    /** What one version has seen so far: a few numbers and a count per span. */
    private static final class Tally {
        private final long[] counts;
        private long trajectories;
        private long scored;
        private double sum;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private long below;
        private long above;

        Tally(int bins) {
            counts = new long[bins];
        }

        void add(Trajectory trajectory, double low, double high) {
            trajectories++;
            if (trajectory.reward().isEmpty()) {
                return;
            }
            double reward = trajectory.reward().getAsDouble();
            scored++;
            sum += reward;
            min = Math.min(min, reward);
            max = Math.max(max, reward);
            if (reward < low) {
                below++;
            } else if (reward > high) {
                above++;
            } else {
                counts[Math.min(counts.length - 1, (int) ((reward - low) / (high - low) * counts.length))]++;
            }
        }

        Version version(int modelVersion) {
            List<Long> spans = new ArrayList<>(counts.length);
            for (long count : counts) {
                spans.add(count);
            }
            return scored == 0
                    ? new Version(modelVersion, trajectories, 0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), 0, spans, 0)
                    : new Version(modelVersion, trajectories, scored, OptionalDouble.of(min), OptionalDouble.of(max),
                            OptionalDouble.of(sum / scored), below, spans, above);
        }
    }
}
