package dev.trajectorydatasets.domain.usage;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.TrajectoryId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What recording a use of one trajectory did.
 *
 * @param dataset the record after the change when {@code USED}, as it stands when {@code AT_LIMIT}, empty when
 *                {@code NOT_FOUND}
 */
public record UseResult(TrajectoryId trajectoryId, Outcome outcome, Optional<Trajectory> dataset) {

    /** What an increment did to one trajectory. */
    public enum Outcome {
        /** {@code used} grew by the amount asked. */
        USED,
        /** No record has this trajectory id; nothing changed. */
        NOT_FOUND,
        /** The increment would pass the cap; nothing changed. */
        AT_LIMIT
    }

    public UseResult {
        DatasetRules.required("trajectoryId", trajectoryId);
        DatasetRules.required("outcome", outcome);
        DatasetRules.required("dataset", dataset);
        if (dataset.isEmpty() != (outcome == Outcome.NOT_FOUND)) {
            throw new IllegalArgumentException("a record is present exactly when the trajectory exists");
        }
    }

    /** {@code used} grew: {@code after} is the record as the increment left it. */
    public static UseResult used(Trajectory after) {
        return new UseResult(after.trajectoryId(), Outcome.USED, Optional.of(after));
    }

    /** The increment would pass the cap: {@code current} is the record, unchanged. */
    public static UseResult atLimit(Trajectory current) {
        return new UseResult(current.trajectoryId(), Outcome.AT_LIMIT, Optional.of(current));
    }

    /** No record has {@code trajectoryId}. */
    public static UseResult notFound(TrajectoryId trajectoryId) {
        return new UseResult(trajectoryId, Outcome.NOT_FOUND, Optional.empty());
    }

    /**
     * Counts uses of {@code ids} (in that order; an id listed twice is used twice) against records as they stand
     * in {@code current}: the one rule for a batch of uses, applied by every store to rows it holds locked.
     *
     * @param current the records of the listed ids as they are now; updated in place to the records after
     */
    public static List<UseResult> applyAll(List<TrajectoryId> ids, UsageLimit limit,
                                                     Map<TrajectoryId, Trajectory> current) {
        List<UseResult> results = new ArrayList<>(ids.size());
        for (TrajectoryId id : ids) {
            Trajectory record = current.get(id);
            if (record == null) {
                results.add(notFound(id));
            } else if (!limit.allows(record.used())) {
                results.add(atLimit(record));
            } else {
                Trajectory after = record.usedTimes(record.used() + limit.by());
                current.put(id, after);
                results.add(used(after));
            }
        }
        return List.copyOf(results);
    }
}
