package dev.trajectorydatasets.domain;

/**
 * The task (prompt) a rollout solved; many rollouts share one, and a trainer takes them as a group. The same
 * rules as a {@link RunId}, checked once, here.
 */
public record TaskId(String value) {

    public TaskId {
        DatasetRules.identifier("taskId", value);
    }

    /** The task id {@code value}; an {@link InvalidInputException} naming {@code taskId} when it breaks the rules. */
    public static TaskId of(String value) {
        return new TaskId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
