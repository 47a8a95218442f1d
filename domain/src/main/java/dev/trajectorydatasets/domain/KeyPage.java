package dev.trajectorydatasets.domain;

import java.util.Optional;

/**
 * A page of a list ordered by a key (run id, task id, checkpoint version): at most {@code limit} entries that come
 * after {@code after} in the list's order (the last key of the previous page), or from the start.
 */
public record KeyPage<K>(Optional<K> after, int limit) {

    public KeyPage {
        DatasetRules.required("after", after);
        if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + PageRequest.MAX_LIMIT + ", was " + limit);
        }
    }

    /** The first page: at most {@code limit} entries from the start. */
    public static <K> KeyPage<K> first(int limit) {
        return new KeyPage<>(Optional.empty(), limit);
    }

    /** The page after {@code key} (the previous page's last key): at most {@code limit} entries. */
    public static <K> KeyPage<K> after(K key, int limit) {
        return new KeyPage<>(Optional.of(DatasetRules.required("after", key)), limit);
    }

    /** The same page with room for one more entry, to tell whether another page follows. */
    public KeyPage<K> withOneMore() {
        return new KeyPage<>(after, limit + 1);
    }
}
