package dev.trajectorydatasets.application.trajectory;

import dev.trajectorydatasets.domain.TrajectoryId;

import java.util.List;

/** What a batch update did: how many records changed, and which trajectory ids were not found (in request order). */
public record BatchUpdateResult(int updated, List<TrajectoryId> notFound) {

    /** Checks every component (see the record's description). */
    public BatchUpdateResult {
        notFound = List.copyOf(notFound);
    }
}
