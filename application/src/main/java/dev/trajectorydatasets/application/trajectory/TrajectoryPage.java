package dev.trajectorydatasets.application.trajectory;

import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of an id-ordered list. {@code nextAfterId} is present when more records may follow: pass it to
 * {@code PageRequest.after(...)} for the next page.
 */
public record TrajectoryPage(List<Trajectory> items, OptionalLong nextAfterId) {

    /** Checks every component (see the record's description). */
    public TrajectoryPage {
        items = List.copyOf(items);
    }
}
