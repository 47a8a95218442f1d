package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.PageRequest;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Query parameters parsed into typed values at the edge. Each route names the parameters it accepts; any other
 * is rejected (a misspelt filter must not silently return unfiltered rows), as is a repeated one.
 */
final class QueryParams {

    static final Set<String> FILTERS = Set.of("run_id", "usage_time_min", "usage_time_max", "created_after",
            "created_before", "model_version_min", "model_version_max");
    static final Set<String> PAGING = Set.of("offset", "limit", "after_id");

    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    /** The request's parameters, all of them among {@code allowed}. */
    static QueryParams of(Context ctx, Set<String> allowed) {
        Map<String, List<String>> values = ctx.queryParamMap();
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw new InvalidInputException(entry.getKey(), "is not a known query parameter; known: " + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (entry.getValue().size() > 1) {
                throw new InvalidInputException(entry.getKey(), "must be given at most once");
            }
        }
        return new QueryParams(values);
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    Optional<String> text(String name) {
        List<String> given = values.get(name);
        return given == null || given.isEmpty() ? Optional.empty() : Optional.of(given.get(0));
    }

    String requiredText(String name) {
        return text(name).orElseThrow(() -> new InvalidInputException(name, "is required"));
    }

    Optional<Integer> integer(String name) {
        return text(name).map(raw -> {
            try {
                return Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(name, "must be a whole number, was '" + raw + "'");
            }
        });
    }

    OptionalLong longValue(String name) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(raw.get()));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a whole number, was '" + raw.get() + "'");
        }
    }

    Optional<Instant> instant(String name) {
        return text(name).map(raw -> {
            try {
                return OffsetDateTime.parse(raw).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(name, "must be an RFC 3339 timestamp such as 2026-11-27T03:50:45Z, was '" + raw + "'");
            }
        });
    }

    DatasetFilter filter() {
        DatasetFilter filter = DatasetFilter.all();
        if (text("run_id").isPresent()) {
            filter = filter.inRun(text("run_id").get());
        }
        filter = apply(integer("usage_time_min"), filter::usedAtLeast, filter);
        filter = apply(integer("usage_time_max"), filter::usedAtMost, filter);
        filter = apply(integer("model_version_min"), filter::modelVersionAtLeast, filter);
        filter = apply(integer("model_version_max"), filter::modelVersionAtMost, filter);
        filter = apply(instant("created_after"), filter::createdAtOrAfter, filter);
        filter = apply(instant("created_before"), filter::createdAtOrBefore, filter);
        return filter;
    }

    PageRequest page() {
        return new PageRequest(integer("offset").orElse(0), integer("limit").orElse(PageRequest.DEFAULT_LIMIT), longValue("after_id"));
    }

    private static <T> DatasetFilter apply(Optional<T> value, java.util.function.Function<T, DatasetFilter> narrowing, DatasetFilter current) {
        return value.map(narrowing).orElse(current);
    }
}
