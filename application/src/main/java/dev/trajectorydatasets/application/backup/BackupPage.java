package dev.trajectorydatasets.application.backup;

import dev.trajectorydatasets.domain.ConsumerGroup;
import java.util.Map;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;

import java.util.List;
import java.util.OptionalLong;

/**
 * A page of a backup: records by id, each with its whole usage history (read so that the history adds up to
 * {@code used}); {@code nextAfterId} is the id to pass for the next page, empty on the last.
 */
public record BackupPage(List<Entry> records, OptionalLong nextAfterId) {

    /** The records kept as a list of their own. */
    public BackupPage {
        records = List.copyOf(records);
    }

    /** A record, its usage events (oldest first) and its counts in consumer groups other than the default (those not 0). */
    public record Entry(Trajectory record, List<UsageEvent> history, Map<ConsumerGroup, Integer> groupCounts) {
        /** The history and counts kept as their own. */
        public Entry {
            DatasetRules.required("record", record);
            history = List.copyOf(history);
            groupCounts = Map.copyOf(groupCounts);
        }
    }
}
