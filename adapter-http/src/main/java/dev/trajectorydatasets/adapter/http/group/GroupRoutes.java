package dev.trajectorydatasets.adapter.http.group;

import dev.trajectorydatasets.adapter.http.shared.HttpFailure;
import dev.trajectorydatasets.adapter.http.shared.HttpMapper;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.ConsumerGroupPageJson;
import dev.trajectorydatasets.adapter.http.shared.QueryParams;
import dev.trajectorydatasets.adapter.http.shared.Route;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.RunId;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;
import java.util.Set;

import static dev.trajectorydatasets.adapter.http.shared.RouteParams.groupParam;
import static dev.trajectorydatasets.adapter.http.shared.RouteParams.runParam;

/**
 * A run's consumer groups (issue 32): declared ahead ({@code PUT}), listed with each one's used and unused records,
 * read, and deleted with their counts. Each route is a thin translation to {@link DatasetManager}.
 */
public final class GroupRoutes {

    private static final HttpMapper MAP = HttpMapper.INSTANCE;

    private final DatasetManager datasets;

    public GroupRoutes(DatasetManager datasets) {
        this.datasets = datasets;
    }

    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/v1/runs/{run_id}/consumer-groups", this::list),
                new Route(HandlerType.PUT, "/v1/runs/{run_id}/consumer-groups/{consumer_group}", this::declare),
                new Route(HandlerType.GET, "/v1/runs/{run_id}/consumer-groups/{consumer_group}", this::get),
                new Route(HandlerType.DELETE, "/v1/runs/{run_id}/consumer-groups/{consumer_group}", this::delete));
    }

    private void list(Context ctx) {
        QueryParams.of(ctx, Set.of());
        ctx.json(new ConsumerGroupPageJson(datasets.getConsumerGroups(runParam(ctx)).stream().map(MAP::toJson).toList()));
    }

    private void declare(Context ctx) {
        QueryParams.of(ctx, Set.of());
        ctx.json(MAP.toJson(datasets.declareConsumerGroup(runParam(ctx), groupParam(ctx))));
    }

    private void get(Context ctx) {
        QueryParams.of(ctx, Set.of());
        RunId run = runParam(ctx);
        ConsumerGroup group = groupParam(ctx);
        ctx.json(MAP.toJson(datasets.getConsumerGroup(run, group)
                .orElseThrow(() -> HttpFailure.notFound("run " + run + " has no consumer group " + group))));
    }

    private void delete(Context ctx) {
        QueryParams.of(ctx, Set.of());
        RunId run = runParam(ctx);
        ConsumerGroup group = groupParam(ctx);
        if (!datasets.deleteConsumerGroup(run, group)) {
            throw HttpFailure.notFound("run " + run + " has no consumer group " + group);
        }
        ctx.status(204);
    }
}
