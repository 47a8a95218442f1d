package dev.trajectorydatasets.domain;

/**
 * The key a rollout worker gives a trajectory: 1 to {@value DatasetRules#MAX_ID_LENGTH} code points, no control
 * characters, no surrounding white space; compared exactly ({@code Traj} and {@code traj} differ). Checked once,
 * here: every {@code TrajectoryId} in the system is valid.
 */
public record TrajectoryId(String value) implements Comparable<TrajectoryId> {

    public TrajectoryId {
        DatasetRules.identifier("trajectoryId", value);
    }

    /** The id {@code value}; an {@link InvalidInputException} naming {@code trajectoryId} when it breaks the rules. */
    public static TrajectoryId of(String value) {
        return new TrajectoryId(value);
    }

    /** Orders ids by their UTF-16 text; the order stores lock rows in, so concurrent batches cannot deadlock. */
    @Override
    public int compareTo(TrajectoryId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
