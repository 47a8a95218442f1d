package dev.trajectorydatasets.domain.backup;

import dev.trajectorydatasets.domain.ConsumerGroup;
import java.util.HashMap;
import java.util.Map;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.util.List;

/**
 * A record as a backup holds it: its fields, its usage history (oldest event first) and its counts in consumer groups
 * other than the default (issue 32; those not 0). With a history, each group's events add up to its count there, the
 * default group's to {@code used} (the store's rule, so a restored record explains its counts as the original did);
 * without one (an export of an older version), the record is stored as a create stores it.
 */
public record RestoredTrajectory(NewTrajectory record, List<UsageEvent> history, Map<ConsumerGroup, Integer> groupCounts) {

    public RestoredTrajectory {
        DatasetRules.required("record", record);
        history = List.copyOf(DatasetRules.required("history", history));
        groupCounts = Map.copyOf(DatasetRules.required("groupCounts", groupCounts));
        Map<ConsumerGroup, Long> sums = new HashMap<>();
        for (UsageEvent event : history) {
            if (!event.trajectoryId().equals(record.trajectoryId())) {
                throw new InvalidInputException("trajectory_id", "a usage event of '" + event.trajectoryId().value()
                        + "' is given with the record '" + record.trajectoryId().value() + "'");
            }
            if (event.change() == 0 && event.kind() != UsageKind.REROLL) {
                throw new InvalidInputException("change", "a usage event changes used by at least 1 or -1, was 0");
            }
            sums.merge(event.group(), (long) event.change(), Long::sum);
        }
        for (Map.Entry<ConsumerGroup, Integer> count : groupCounts.entrySet()) {
            if (count.getKey().isDefault()) {
                throw new InvalidInputException("consumer_groups", "of '" + record.trajectoryId().value()
                        + "' names the default group, whose count is used");
            }
            DatasetRules.notNegative("consumer_groups", count.getValue());
        }
        if (!groupCounts.isEmpty() && record.runId().isEmpty()) {
            throw new InvalidInputException("consumer_groups", "of '" + record.trajectoryId().value()
                    + "' need its run_id: consumer groups belong to a run");
        }
        if (!history.isEmpty()) {
            long used = sums.getOrDefault(ConsumerGroup.DEFAULT, 0L);
            if (used != record.used()) {
                throw new InvalidInputException("used", "of '" + record.trajectoryId().value() + "' is " + record.used()
                        + " but its usage events add up to " + used);
            }
            for (Map.Entry<ConsumerGroup, Long> sum : sums.entrySet()) {
                if (!sum.getKey().isDefault() && sum.getValue() != groupCounts.getOrDefault(sum.getKey(), 0).longValue()) {
                    throw new InvalidInputException("consumer_groups", "of '" + record.trajectoryId().value() + "' count "
                            + groupCounts.getOrDefault(sum.getKey(), 0) + " in " + sum.getKey() + " but its events there add up to " + sum.getValue());
                }
            }
        }
    }

    /** A record counted in the default group only. */
    public RestoredTrajectory(NewTrajectory record, List<UsageEvent> history) {
        this(record, history, Map.of());
    }

    /** A record with no history given. */
    public static RestoredTrajectory of(NewTrajectory record) {
        return new RestoredTrajectory(record, List.of());
    }
}
