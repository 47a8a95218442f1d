package dev.trajectorydatasets.application.backup;

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

    /** A record and its usage events, oldest first. */
    public record Entry(Trajectory record, List<UsageEvent> history) {
        /** The history kept as a list of its own. */
        public Entry {
            DatasetRules.required("record", record);
            history = List.copyOf(history);
        }
    }
}
