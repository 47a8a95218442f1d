package dev.trajectorydatasets.domain;

import java.util.List;

/**
 * One or more {@code trajectory_id}s are already stored, or repeat inside one batch. Names every one of them.
 */
public final class DuplicateTrajectoryException extends DatasetException {

    private final List<String> trajectoryIds;

    public DuplicateTrajectoryException(List<String> trajectoryIds) {
        super(describe(trajectoryIds));
        this.trajectoryIds = List.copyOf(trajectoryIds);
    }

    public List<String> trajectoryIds() {
        return trajectoryIds;
    }

    private static String describe(List<String> ids) {
        if (ids.size() == 1) {
            return "trajectory_id '" + ids.get(0) + "' already exists";
        }
        return "trajectory_ids already exist: '" + String.join("', '", ids) + "'";
    }
}
