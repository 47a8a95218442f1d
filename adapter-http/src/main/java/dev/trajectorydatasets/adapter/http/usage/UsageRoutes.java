package dev.trajectorydatasets.adapter.http.usage;

import dev.trajectorydatasets.adapter.http.shared.HttpFailure;
import dev.trajectorydatasets.adapter.http.shared.HttpMapper;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.UsageEventPageJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.UseJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.UseManyJson;
import dev.trajectorydatasets.adapter.http.shared.Json;
import dev.trajectorydatasets.adapter.http.shared.QueryParams;
import dev.trajectorydatasets.adapter.http.shared.RouteParams;
import dev.trajectorydatasets.adapter.http.shared.Replies.Reply;
import dev.trajectorydatasets.adapter.http.shared.Replies;
import dev.trajectorydatasets.adapter.http.shared.RequestBodies;
import dev.trajectorydatasets.adapter.http.shared.Route;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.usage.UseResult;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static dev.trajectorydatasets.adapter.http.shared.RouteParams.batch;
import static dev.trajectorydatasets.adapter.http.shared.RouteParams.eachItem;
import static dev.trajectorydatasets.adapter.http.shared.RouteParams.limit;
import static dev.trajectorydatasets.adapter.http.shared.RouteParams.missing;
import static dev.trajectorydatasets.adapter.http.shared.RouteParams.required;
import static dev.trajectorydatasets.adapter.http.shared.RouteParams.trajectoryParam;

/** Counting uses of named trajectories, and the usage history that every count leaves. Each route is a thin translation to {@link DatasetManager}. */
public final class UsageRoutes {

    private static final HttpMapper MAP = HttpMapper.INSTANCE;

    private final DatasetManager datasets;

    public UsageRoutes(DatasetManager datasets) {
        this.datasets = datasets;
    }

    /** This feature's routes, in matching order: fixed paths before the {@code {id}} that would swallow them. */
    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.POST, "/v1/datasets/use", this::useMany),
                new Route(HandlerType.POST, "/v1/trajectories/{trajectory_id}/use", this::use),
                new Route(HandlerType.GET, "/v1/trajectories/{trajectory_id}/history", this::history),
                new Route(HandlerType.GET, "/v1/usage-events", this::usageEvents));
    }

    private void use(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        TrajectoryId trajectoryId = trajectoryParam(ctx);
        byte[] raw = RequestBodies.read(ctx);
        UseJson json = raw.length == 0 ? new UseJson(null, null, null, null) : required(Json.MAPPER.readValue(raw, UseJson.class));
        UsageLimit limit = limit(json.by(), json.maxUsed());
        Optional<String> consumer = Optional.ofNullable(json.consumer());
        ConsumerGroup group = RouteParams.group(json.consumerGroup());
        Replies.send(ctx, datasets, manager -> {
            UseResult result = manager.consumedBy(consumer).inGroup(group).recordUse(trajectoryId, limit);
            return switch (result.outcome()) {
                case USED -> new Reply(200, MAP.toJson(result.dataset().orElseThrow()));
                case NOT_FOUND -> throw missing(trajectoryId);
                case AT_LIMIT -> throw HttpFailure.usageLimitReached(trajectoryId.value());
            };
        });
    }

    private void useMany(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        UseManyJson json = RequestBodies.json(ctx, UseManyJson.class);
        List<String> ids = batch("trajectory_ids", json.trajectoryIds());
        List<TrajectoryId> trajectoryIds = eachItem(ids, "trajectory_ids", TrajectoryId::of);
        UsageLimit limit = limit(json.by(), json.maxUsed());
        ConsumerGroup group = RouteParams.group(json.consumerGroup());
        Replies.send(ctx, datasets, manager -> new Reply(200,
                MAP.toJson(manager.consumedBy(Optional.ofNullable(json.consumer())).inGroup(group).recordUses(trajectoryIds, limit))));
    }

    private void history(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("limit", "after_event_id", "consumer_group"));
        TrajectoryId trajectoryId = trajectoryParam(ctx);
        Optional<ConsumerGroup> group = query.text("consumer_group").map(ConsumerGroup::of);
        eventPage(ctx, group.isPresent() ? datasets.getUsageEvents(UsageEventFilter.ofTrajectory(trajectoryId).inGroup(group.get()),
                eventsPage(query)) : datasets.getUsageHistory(trajectoryId, eventsPage(query)));
    }

    /** Usage events of a run and a time range (each optional), for operators. */
    private void usageEvents(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("run_id", "from", "to", "limit", "after_event_id", "consumer_group"));
        UsageEventFilter filter = new UsageEventFilter(Optional.empty(), query.runId(), query.instant("from"), query.instant("to"),
                query.text("consumer_group").map(ConsumerGroup::of));
        eventPage(ctx, datasets.getUsageEvents(filter, eventsPage(query)));
    }

    private static KeyPage<Long> eventsPage(QueryParams query) {
        OptionalLong after = query.longValue("after_event_id");
        return new KeyPage<>(after.isPresent() ? Optional.of(after.getAsLong()) : Optional.empty(),
                query.integer("limit").orElse(PageRequest.DEFAULT_LIMIT));
    }

    private static void eventPage(Context ctx, KeyedPage<UsageEvent, Long> page) {
        ctx.json(new UsageEventPageJson(page.items().stream().map(MAP::toJson).toList(), page.next()));
    }
}
