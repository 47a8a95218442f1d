package dev.trajectorydatasets.domain.backup;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.util.List;

/**
 * A record as a backup holds it: its fields and its usage history, oldest event first. With a history, the events'
 * changes add up to {@code used} (the store's rule, so a restored record explains its count as the original did);
 * without one (an export of an older version), the record is stored as a create stores it.
 */
public record RestoredTrajectory(NewTrajectory record, List<UsageEvent> history) {

    public RestoredTrajectory {
        DatasetRules.required("record", record);
        history = List.copyOf(DatasetRules.required("history", history));
        long sum = 0;
        for (UsageEvent event : history) {
            if (!event.trajectoryId().equals(record.trajectoryId())) {
                throw new InvalidInputException("trajectory_id", "a usage event of '" + event.trajectoryId().value()
                        + "' is given with the record '" + record.trajectoryId().value() + "'");
            }
            if (event.change() == 0 && event.kind() != UsageKind.REROLL) {
                throw new InvalidInputException("change", "a usage event changes used by at least 1 or -1, was 0");
            }
            sum += event.change();
        }
        if (!history.isEmpty() && sum != record.used()) {
            throw new InvalidInputException("used", "of '" + record.trajectoryId().value() + "' is " + record.used()
                    + " but its usage events add up to " + sum);
        }
    }

    /** A record with no history given. */
    public static RestoredTrajectory of(NewTrajectory record) {
        return new RestoredTrajectory(record, List.of());
    }
}
