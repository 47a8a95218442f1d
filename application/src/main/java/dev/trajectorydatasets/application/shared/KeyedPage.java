package dev.trajectorydatasets.application.shared;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list ordered by a key (runs by run id, tasks by task id, checkpoints by version, newest first).
 * {@code next} is present when more entries may follow: pass it to {@code KeyPage.after(...)} for the next page.
 */
public record KeyedPage<T, K>(List<T> items, Optional<K> next) {

    /** Checks every component (see the record's description). */
    public KeyedPage {
        items = List.copyOf(items);
    }
}
