package dev.trajectorydatasets.domain;

import java.util.OptionalLong;

/**
 * Which slice of an id-ordered list to return. {@code afterId} pages by key (cheap at any depth); {@code offset}
 * skips that many matches after it (the guide's paging, cost grows with the offset).
 */
public record PageRequest(int offset, int limit, OptionalLong afterId) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public PageRequest {
        DatasetRules.notNegative("offset", offset);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        DatasetRules.required("afterId", afterId).ifPresent(id -> {
            if (id < 0) {
                throw new InvalidInputException("afterId", "must be >= 0, was " + id);
            }
        });
    }

    /** The first {@value #DEFAULT_LIMIT} records. */
    public static PageRequest first() {
        return first(DEFAULT_LIMIT);
    }

    public static PageRequest first(int limit) {
        return new PageRequest(0, limit, OptionalLong.empty());
    }

    /** Offset paging, as the guide's {@code offset}/{@code limit}. */
    public static PageRequest of(int offset, int limit) {
        return new PageRequest(offset, limit, OptionalLong.empty());
    }

    /** Key paging: the {@code limit} records with ids above {@code afterId}. */
    public static PageRequest after(long afterId, int limit) {
        return new PageRequest(0, limit, OptionalLong.of(afterId));
    }

    /** The same slice with room for one more record, to tell whether another page follows (below the maximum). */
    public PageRequest withOneMore() {
        return new PageRequest(offset, limit + 1, afterId);
    }
}
