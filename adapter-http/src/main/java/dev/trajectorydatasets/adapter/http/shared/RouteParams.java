package dev.trajectorydatasets.adapter.http.shared;

import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/** What every route reads the same way: path parameters as typed ids, batches and their items, use limits. */
public final class RouteParams {

    /** Most items one batch request may carry. */
    public static final int MAX_BATCH = 10_000;

    private RouteParams() {
    }

    public static RunId runParam(Context ctx) {
        return RunId.of(ctx.pathParam("run_id"));
    }

    /** The consumer group a request counts in: {@code consumer_group} when given, else the default group. */
    public static ConsumerGroup group(String name) {
        return name == null ? ConsumerGroup.DEFAULT : ConsumerGroup.of(name);
    }

    /** The consumer group a path names. */
    public static ConsumerGroup groupParam(Context ctx) {
        return ConsumerGroup.of(ctx.pathParam("consumer_group"));
    }

    public static UsageLimit limit(Integer by, Integer maxUsed) {
        return new UsageLimit(by == null ? 1 : by, maxUsed == null ? OptionalInt.empty() : OptionalInt.of(maxUsed));
    }

    /** Applies {@code convert} to each item, naming a failing item's field as {@code items[3].used}. */
    public static <T, R> List<R> eachItem(List<T> items, String name, Function<T, R> convert) {
        List<R> converted = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                converted.add(convert.apply(required(items.get(i))));
            } catch (InvalidInputException e) {
                // An item of a list of ids ("trajectory_ids") is named by its index alone.
                String field = name.equals(WireNames.of(e.field()) + "s") ? "" : "." + WireNames.of(e.field());
                throw new InvalidInputException(name + "[" + i + "]" + field, WireNames.inText(e.reason()));
            }
        }
        return converted;
    }

    public static <T> List<T> batch(String name, List<T> items) {
        if (items == null) {
            throw new InvalidInputException(name, "is required");
        }
        if (items.size() > MAX_BATCH) {
            throw new InvalidInputException(name, "must hold at most " + MAX_BATCH + " entries, held " + items.size());
        }
        return items;
    }

    /** A positive whole number in ASCII digits: no sign, no other script's digits. */
    public static long idParam(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            if (!raw.matches("[0-9]{1,19}")) {
                throw new NumberFormatException();
            }
            long id = Long.parseLong(raw);
            if (id < 1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("id", "must be a positive whole number in ASCII digits, was '" + raw + "'");
        }
    }

    public static TrajectoryId trajectoryParam(Context ctx) {
        return TrajectoryId.of(ctx.pathParam("trajectory_id"));
    }

    public static HttpFailure missing(TrajectoryId trajectoryId) {
        return HttpFailure.notFound("trajectory_id '" + trajectoryId + "' does not exist");
    }

    public static <T> T required(T value) {
        return RequestBodies.required(value);
    }
}
