package dev.trajectorydatasets.domain.trajectory;

import dev.trajectorydatasets.domain.DatasetException;
import dev.trajectorydatasets.domain.TrajectoryId;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One or more trajectory ids are already stored, or repeat inside one batch. Names every one of them, each once,
 * in the order of the request.
 */
public final class DuplicateTrajectoryException extends DatasetException {

    private final List<TrajectoryId> trajectoryIds;

    public DuplicateTrajectoryException(List<TrajectoryId> trajectoryIds) {
        super(describe(trajectoryIds));
        this.trajectoryIds = List.copyOf(trajectoryIds);
    }

    /**
     * The one rule for what a batch's duplicates are: every id that repeats within {@code batch} or that
     * {@code stored} says exists, each once, in the order of its first appearance in {@code batch}.
     */
    public static List<TrajectoryId> among(Collection<TrajectoryId> batch, Predicate<TrajectoryId> stored) {
        Set<TrajectoryId> seen = new HashSet<>();
        Set<TrajectoryId> repeated = new HashSet<>();
        for (TrajectoryId id : batch) {
            if (!seen.add(id)) {
                repeated.add(id);
            }
        }
        Set<TrajectoryId> duplicates = new LinkedHashSet<>();
        for (TrajectoryId id : batch) {
            if (repeated.contains(id) || stored.test(id)) {
                duplicates.add(id);
            }
        }
        return List.copyOf(duplicates);
    }

    /** Whether some id appears more than once in {@code batch}. */
    public static boolean repeats(Collection<TrajectoryId> batch) {
        return new HashSet<>(batch).size() != batch.size();
    }

    public List<TrajectoryId> trajectoryIds() {
        return trajectoryIds;
    }

    private static String describe(List<TrajectoryId> ids) {
        if (ids.size() == 1) {
            return "trajectory_id '" + ids.get(0) + "' already exists";
        }
        StringBuilder text = new StringBuilder("trajectory_ids already exist or repeat: ");
        for (int i = 0; i < ids.size(); i++) {
            text.append(i == 0 ? "'" : ", '").append(ids.get(i)).append('\'');
        }
        return text.toString();
    }
}
