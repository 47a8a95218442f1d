package dev.trajectorydatasets.adapter.http.overview;

import dev.trajectorydatasets.adapter.http.claim.GroupRequests;
import dev.trajectorydatasets.adapter.http.shared.HttpMapper;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.CheckpointPageJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.DeletedJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.ModelVersionsJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.NewCheckpointJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.PausePageJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.PauseRequestJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.ResumedJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.RunContentsJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.RunDeletedJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.RunPageJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.TaskPageJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.UsedHistogramJson;
import dev.trajectorydatasets.adapter.http.shared.QueryParams;
import dev.trajectorydatasets.adapter.http.shared.RouteParams;
import dev.trajectorydatasets.adapter.http.shared.Replies.Reply;
import dev.trajectorydatasets.adapter.http.shared.Replies;
import dev.trajectorydatasets.adapter.http.shared.RequestBodies;
import dev.trajectorydatasets.adapter.http.shared.Route;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.overview.RewardDistribution;
import dev.trajectorydatasets.domain.overview.RunContents;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.RunTimeline;
import dev.trajectorydatasets.domain.overview.TaskSummary;
import dev.trajectorydatasets.domain.overview.UsedCount;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

import static dev.trajectorydatasets.adapter.http.shared.RouteParams.runParam;

/** What a run holds, read-only, and its checkpoints: runs, tasks, model versions, timeline, used histogram. Each route is a thin translation to {@link DatasetManager}. */
public final class RunRoutes {

    private static final HttpMapper MAP = HttpMapper.INSTANCE;

    private final DatasetManager datasets;

    public RunRoutes(DatasetManager datasets) {
        this.datasets = datasets;
    }

    /** This feature's routes, in matching order: fixed paths before the {@code {id}} that would swallow them. */
    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/v1/runs", this::runs),
                new Route(HandlerType.GET, "/v1/runs/{run_id}", this::contents),
                new Route(HandlerType.POST, "/v1/runs/{run_id}/pause", this::pause),
                new Route(HandlerType.POST, "/v1/runs/{run_id}/resume", this::resume),
                new Route(HandlerType.GET, "/v1/pauses", this::pauses),
                new Route(HandlerType.DELETE, "/v1/runs/{run_id}", this::deleteRun),
                new Route(HandlerType.DELETE, "/v1/runs/{run_id}/checkpoints", this::deleteCheckpoints),
                new Route(HandlerType.POST, "/v1/runs/{run_id}/checkpoints", this::registerCheckpoint),
                new Route(HandlerType.GET, "/v1/runs/{run_id}/checkpoints", this::checkpoints),
                new Route(HandlerType.GET, "/v1/runs/{run_id}/tasks", this::tasks),
                new Route(HandlerType.GET, "/v1/runs/{run_id}/model-versions", this::modelVersions),
                new Route(HandlerType.GET, "/v1/runs/{run_id}/timeline", this::timeline),
                new Route(HandlerType.GET, "/v1/runs/{run_id}/used-histogram", this::usedHistogram),
                new Route(HandlerType.GET, "/v1/runs/{run_id}/reward-distribution", this::rewardDistribution));
    }

    private void registerCheckpoint(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        RunId run = runParam(ctx);
        NewCheckpointJson json = RequestBodies.json(ctx, NewCheckpointJson.class);
        if (json.path() == null) {
            throw new InvalidInputException("path", "is required");
        }
        Replies.send(ctx, datasets, manager -> new Reply(201,
                MAP.toJson(manager.registerCheckpoint(run, json.path(), Boolean.TRUE.equals(json.initial())))));
    }

    /** The whole run (trajectories, their history, checkpoints, leases); with {@code dry_run=true}, only what would go. */
    private void deleteRun(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("dry_run"));
        RunId run = runParam(ctx);
        boolean dryRun = query.bool("dry_run").orElse(false);
        RunContents held = datasets.deleteRun(run, dryRun);
        ctx.json(new RunDeletedJson(held.runId().value(), held.trajectories(), held.usageEvents(), held.checkpoints(), held.leases(),
                held.lastActivityAt(), dryRun));
    }

    /** Pauses the run's claims; the body ({@code {"reason"}}) is optional. A paused run keeps its first pause. */
    private void pause(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        RunId run = runParam(ctx);
        byte[] raw = RequestBodies.read(ctx);
        Optional<String> reason = raw.length == 0 ? Optional.empty() : Optional.ofNullable(RequestBodies.json(ctx, PauseRequestJson.class).reason());
        ctx.json(MAP.toJson(datasets.pauseRun(run, reason)));
    }

    private void resume(Context ctx) {
        QueryParams.of(ctx, Set.of());
        ctx.json(new ResumedJson(datasets.resumeRun(runParam(ctx))));
    }

    private void pauses(Context ctx) {
        QueryParams.of(ctx, Set.of());
        ctx.json(new PausePageJson(datasets.getPausedRuns().stream().map(MAP::toJson).toList()));
    }

    private void contents(Context ctx) {
        QueryParams.of(ctx, Set.of());
        RunContents held = datasets.getRunContents(runParam(ctx));
        ctx.json(new RunContentsJson(held.runId().value(), held.trajectories(), held.usageEvents(), held.checkpoints(), held.leases(),
                held.lastActivityAt()));
    }

    private void deleteCheckpoints(Context ctx) {
        QueryParams.of(ctx, Set.of());
        ctx.json(new DeletedJson(datasets.deleteCheckpoints(runParam(ctx))));
    }

    private void checkpoints(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("latest", "before_version"));
        RunId run = runParam(ctx);
        int latest = query.integer("latest").orElse(PageRequest.DEFAULT_LIMIT);
        if (latest < 1 || latest > PageRequest.MAX_LIMIT) {
            throw new InvalidInputException("latest", "must be between 1 and " + PageRequest.MAX_LIMIT + ", was " + latest);
        }
        KeyPage<Integer> page = new KeyPage<>(query.integer("before_version"), latest);
        KeyedPage<Checkpoint, Integer> found = datasets.getCheckpoints(run, page);
        ctx.json(new CheckpointPageJson(found.items().stream().map(MAP::toJson).toList(), found.next()));
    }

    private void runs(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("limit", "after_run_id", "consumer_group"));
        KeyPage<RunId> page = new KeyPage<>(query.text("after_run_id").map(RunId::of), query.integer("limit").orElse(PageRequest.DEFAULT_LIMIT));
        KeyedPage<RunSummary, RunId> found = datasets.inGroup(query.group()).getRuns(page);
        ctx.json(new RunPageJson(found.items().stream().map(MAP::toJson).toList(), found.next().map(RunId::value)));
    }

    private void tasks(Context ctx) {
        QueryParams query = QueryParams.of(ctx, QueryParams.union(QueryParams.GROUP_CRITERIA, Set.of("limit", "after_task_id", "consumer_group")));
        RunId run = runParam(ctx);
        KeyPage<TaskId> page = new KeyPage<>(query.text("after_task_id").map(TaskId::of), query.integer("limit").orElse(PageRequest.DEFAULT_LIMIT));
        KeyedPage<TaskSummary, TaskId> found = datasets.inGroup(query.group()).getTasks(run, GroupRequests.criteria(query), page);
        ctx.json(new TaskPageJson(found.items().stream().map(MAP::toJson).toList(), found.next().map(TaskId::value)));
    }

    private void modelVersions(Context ctx) {
        QueryParams.of(ctx, Set.of());
        ctx.json(new ModelVersionsJson(datasets.getModelVersions(runParam(ctx)).stream().map(MAP::toJson).toList()));
    }

    /** The run over time: per span, created, first used and uses by kind, with running totals. */
    private void timeline(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("from", "to", "bucket_seconds", "consumer_group"));
        RunId run = runParam(ctx);
        OptionalLong seconds = query.longValue("bucket_seconds");
        if (seconds.isPresent() && seconds.getAsLong() < 1) {
            throw new InvalidInputException("bucket_seconds", "must be at least 1, was " + seconds.getAsLong());
        }
        RunTimeline timeline = datasets.inGroup(query.group()).getTimeline(run,
                query.instant("from"), query.instant("to"),
                seconds.isPresent() ? Optional.of(Duration.ofSeconds(seconds.getAsLong())) : Optional.empty());
        ctx.json(MAP.toJson(timeline));
    }

    private void usedHistogram(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("limit", "after_used", "consumer_group"));
        RunId run = runParam(ctx);
        KeyPage<Integer> page = new KeyPage<>(query.integer("after_used"), query.integer("limit").orElse(PageRequest.DEFAULT_LIMIT));
        KeyedPage<UsedCount, Integer> found = datasets.inGroup(query.group())
                .getUsedHistogram(run, page);
        ctx.json(new UsedHistogramJson(found.items().stream().map(MAP::toJson).toList(), found.next()));
    }

    /** The run's rewards per model version, as histograms of {@code bins} spans from {@code low} to {@code high}. */
    private void rewardDistribution(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("low", "high", "bins"));
        RunId run = runParam(ctx);
        RewardDistribution found = datasets.queryRun(run, RewardDistribution.query(query.decimal("low").orElse(0.0),
                query.decimal("high").orElse(1.0), query.integer("bins").orElse(10)));
        ctx.json(new RewardDistributionJson(run.value(), found.low(), found.high(), found.bins(), found.versions().stream()
                .map(v -> new RewardsJson(v.modelVersion(), v.trajectories(), v.scored(), v.min(), v.max(), v.mean(), v.below(),
                        v.counts(), v.above())).toList()));
    }

    /** {@code GET /v1/runs/{run_id}/reward-distribution}. */
    record RewardDistributionJson(String runId, double low, double high, int bins, List<RewardsJson> versions) {
    }

    /** One model version's rewards. */
    record RewardsJson(int modelVersion, long trajectories, long scored, OptionalDouble minReward, OptionalDouble maxReward,
                       OptionalDouble meanReward, long below, List<Long> counts, long above) {
    }
}
