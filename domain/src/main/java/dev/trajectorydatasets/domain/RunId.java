package dev.trajectorydatasets.domain;

/** The run a trajectory belongs to: the same rules as a {@link TrajectoryId}, checked once, here. */
public record RunId(String value) {

    public RunId {
        DatasetRules.identifier("runId", value);
    }

    /** The run id {@code value}; an {@link InvalidInputException} naming {@code runId} when it breaks the rules. */
    public static RunId of(String value) {
        return new RunId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
