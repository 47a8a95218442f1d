package dev.trajectorydatasets.adapter.http.shared;

import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Query parameters parsed into typed values at the edge, from the raw query string. Each route names the
 * parameters it accepts; any other is rejected (a misspelt filter must not silently return unfiltered rows), as
 * is a repeated one, a malformed percent escape or bytes that are not UTF-8: a filter never silently vanishes.
 */
public final class QueryParams {

    public static final Set<String> FILTERS = Set.of("run_id", "usage_time_min", "usage_time_max", "created_after",
            "created_before", "model_version_min", "model_version_max", "task_id", "reward_min", "reward_max");
    /** The rules of a group claim, as the task overview takes them. */
    public static final Set<String> GROUP_CRITERIA = Set.of("group_size", "max_used", "model_version_min", "latest_checkpoints",
            "mean_reward_min", "mean_reward_max_exclusive", "mixed_rewards");
    public static final Set<String> PAGING = Set.of("offset", "limit", "after_id");

    private static final Pattern INT = Pattern.compile("-?[0-9]{1,10}");
    private static final Pattern LONG = Pattern.compile("-?[0-9]{1,19}");
    /** A JSON number. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,30})(\\.[0-9]{1,30})?([eE][+-]?[0-9]{1,4})?");

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** The request's parameters, all of them among {@code allowed}. */
    public static QueryParams of(Context ctx, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        String raw = ctx.queryString();
        for (String pair : raw == null ? new String[0] : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), "query");
            String value = decode(equals < 0 ? "" : pair.substring(equals + 1), name);
            if (!allowed.contains(name)) {
                throw new InvalidInputException(name, "is not a known query parameter; known: " + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (values.put(name, value) != null) {
                throw new InvalidInputException(name, "must be given at most once");
            }
        }
        return new QueryParams(values);
    }

    public static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String requiredText(String name) {
        return text(name).orElseThrow(() -> new InvalidInputException(name, "is required"));
    }

    public Optional<Integer> integer(String name) {
        return text(name).map(raw -> {
            if (!INT.matcher(raw).matches()) {
                throw new InvalidInputException(name, "must be a whole number, was '" + raw + "'");
            }
            try {
                return Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(name, "must be a whole number, was '" + raw + "'");
            }
        });
    }

    public OptionalLong longValue(String name) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            if (!LONG.matcher(raw.get()).matches()) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(Long.parseLong(raw.get()));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a whole number, was '" + raw.get() + "'");
        }
    }

    /** A finite decimal number, written as JSON writes numbers. */
    public OptionalDouble decimal(String name) {
        Optional<String> raw = text(name);
        if (raw.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (!NUMBER.matcher(raw.get()).matches() || !Double.isFinite(Double.parseDouble(raw.get()))) {
            throw new InvalidInputException(name, "must be a finite number such as 0.5 or -1, was '" + raw.get() + "'");
        }
        return OptionalDouble.of(Double.parseDouble(raw.get()));
    }

    /** {@code true} or {@code false}, spelt so. */
    public Optional<Boolean> bool(String name) {
        return text(name).map(raw -> switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(name, "must be true or false, was '" + raw + "'");
        });
    }

    public Optional<Instant> instant(String name) {
        return text(name).map(raw -> {
            try {
                return OffsetDateTime.parse(raw).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(name, "must be an RFC 3339 timestamp such as 2026-11-27T03:50:45Z, was '" + raw + "'");
            }
        });
    }

    /** The consumer group the request reads the counts of ({@code consumer_group}; the default group when absent). */
    public ConsumerGroup group() {
        return RouteParams.group(text("consumer_group").orElse(null));
    }

    public Optional<RunId> runId() {
        return text("run_id").map(RunId::of);
    }

    public TrajectoryFilter filter() {
        TrajectoryFilter filter = TrajectoryFilter.all();
        if (runId().isPresent()) {
            filter = filter.inRun(runId().get());
        }
        filter = apply(integer("usage_time_min"), filter::usedAtLeast, filter);
        filter = apply(integer("usage_time_max"), filter::usedAtMost, filter);
        filter = apply(integer("model_version_min"), filter::modelVersionAtLeast, filter);
        filter = apply(integer("model_version_max"), filter::modelVersionAtMost, filter);
        filter = apply(instant("created_after"), filter::createdAtOrAfter, filter);
        filter = apply(instant("created_before"), filter::createdAtOrBefore, filter);
        filter = apply(text("task_id").map(TaskId::of), filter::ofTask, filter);
        OptionalDouble rewardMin = decimal("reward_min");
        OptionalDouble rewardMax = decimal("reward_max");
        if (rewardMin.isPresent()) {
            filter = filter.rewardAtLeast(rewardMin.getAsDouble());
        }
        if (rewardMax.isPresent()) {
            filter = filter.rewardAtMost(rewardMax.getAsDouble());
        }
        return filter;
    }

    public PageRequest page() {
        return new PageRequest(integer("offset").orElse(0), integer("limit").orElse(PageRequest.DEFAULT_LIMIT), longValue("after_id"));
    }

    private static <T> TrajectoryFilter apply(Optional<T> value, Function<T, TrajectoryFilter> narrowing, TrajectoryFilter current) {
        return value.map(narrowing).orElse(current);
    }

    /** Form decoding ({@code +} is a space, {@code %XX} a byte), strictly: a bad escape or invalid UTF-8 is a 400. */
    private static String decode(String raw, String field) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (low < 0 || raw.charAt(i + 1) > 'f' || raw.charAt(i + 2) > 'f') {
                    throw new InvalidInputException(field, "has a malformed percent escape (use %XX with two hex digits, %25 for '%')");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                int codePoint = raw.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(field, "is not valid UTF-8 once percent-decoded");
        }
    }
}
