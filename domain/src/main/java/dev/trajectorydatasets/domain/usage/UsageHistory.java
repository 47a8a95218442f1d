package dev.trajectorydatasets.domain.usage;

import dev.trajectorydatasets.domain.KeyPage;
import java.util.List;

/**
 * The usage events: one per change to a record's {@code used}, written in the same unit of work.
 */
public interface UsageHistory {

    /**
     * The usage events {@code filter} selects, oldest first (by event id); {@code page.after()} is the last event id
     * of the previous page. Every change to a record's {@code used} has one, written in the same unit of work, and
     * a record's events go when it is deleted: for every record, {@code used} is the sum of its events' changes.
     */
    List<UsageEvent> events(UsageEventFilter filter, KeyPage<Long> page);
}
