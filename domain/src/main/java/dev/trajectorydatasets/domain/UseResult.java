package dev.trajectorydatasets.domain;

import java.util.Optional;

/**
 * What recording a use of one trajectory did.
 *
 * @param dataset the record after the change when {@code USED}, as it stands when {@code AT_LIMIT}, empty when
 *                {@code NOT_FOUND}
 */
public record UseResult(String trajectoryId, Outcome outcome, Optional<Dataset> dataset) {

    public enum Outcome {
        /** {@code used} grew by the amount asked. */
        USED,
        /** No record has this trajectory id; nothing changed. */
        NOT_FOUND,
        /** The increment would pass the cap; nothing changed. */
        AT_LIMIT
    }

    public UseResult {
        DatasetRules.required("trajectory_id", trajectoryId);
        DatasetRules.required("outcome", outcome);
        DatasetRules.required("dataset", dataset);
        if (dataset.isEmpty() != (outcome == Outcome.NOT_FOUND)) {
            throw new IllegalArgumentException("a record is present exactly when the trajectory exists");
        }
    }

    public static UseResult used(Dataset after) {
        return new UseResult(after.trajectoryId(), Outcome.USED, Optional.of(after));
    }

    public static UseResult atLimit(Dataset current) {
        return new UseResult(current.trajectoryId(), Outcome.AT_LIMIT, Optional.of(current));
    }

    public static UseResult notFound(String trajectoryId) {
        return new UseResult(trajectoryId, Outcome.NOT_FOUND, Optional.empty());
    }
}
