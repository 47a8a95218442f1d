package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.trajectorydatasets.adapter.http.HttpMessages.BatchCreateJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.BatchCreatedJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.BatchUpdateJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.CountJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.CreateDatasetJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.DeletedJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.CheckpointPageJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.ModelVersionsJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.NewCheckpointJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.RunPageJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.TaskPageJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.UsageEventPageJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.UseJson;
import dev.trajectorydatasets.adapter.http.HttpMessages.UsedHistogramJson;
import dev.trajectorydatasets.adapter.http.Replies.Reply;
import dev.trajectorydatasets.adapter.http.HttpMessages.UseManyJson;
import dev.trajectorydatasets.application.CreateDatasetCommand;
import dev.trajectorydatasets.application.CreateReport;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.KeyedPage;
import dev.trajectorydatasets.application.TrajectoryUpdate;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.RunTimeline;
import dev.trajectorydatasets.domain.overview.UsedCount;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.overview.TaskSummary;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.usage.UseResult;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/** The {@code /v1} API: one route per operation of the guide, each a thin translation to {@link DatasetManager}. */
final class DatasetRoutes {

    /** Most items one batch request may carry. */
    static final int MAX_BATCH = 10_000;

    private static final HttpMapper MAP = HttpMapper.INSTANCE;
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    private final DatasetManager datasets;

    DatasetRoutes(DatasetManager datasets) {
        this.datasets = datasets;
    }

    /** Every route, in matching order: fixed paths before the {@code {id}} that would swallow them. */
    List<Route> routes() {
        return List.of(
                new Route(HandlerType.POST, "/v1/datasets", this::create),
                new Route(HandlerType.POST, "/v1/datasets/batch", this::createBatch),
                new Route(HandlerType.PATCH, "/v1/datasets/batch", this::updateBatch),
                new Route(HandlerType.POST, "/v1/datasets/use", this::useMany),
                new Route(HandlerType.GET, "/v1/datasets/count", this::count),
                new Route(HandlerType.GET, "/v1/datasets/stats", this::stats),
                new Route(HandlerType.GET, "/v1/datasets", this::list),
                new Route(HandlerType.DELETE, "/v1/datasets", this::deleteRun),
                new Route(HandlerType.GET, "/v1/datasets/{id}", this::getById),
                new Route(HandlerType.GET, "/v1/trajectories/{trajectory_id}", this::getByTrajectoryId),
                new Route(HandlerType.PATCH, "/v1/trajectories/{trajectory_id}", this::update),
                new Route(HandlerType.DELETE, "/v1/trajectories/{trajectory_id}", this::delete),
                new Route(HandlerType.POST, "/v1/trajectories/{trajectory_id}/use", this::use),
                new Route(HandlerType.GET, "/v1/trajectories/{trajectory_id}/history", this::history),
                new Route(HandlerType.GET, "/v1/usage-events", this::usageEvents),
                new Route(HandlerType.GET, "/v1/runs", this::runs),
                new Route(HandlerType.POST, "/v1/runs/{run_id}/checkpoints", this::registerCheckpoint),
                new Route(HandlerType.GET, "/v1/runs/{run_id}/checkpoints", this::checkpoints),
                new Route(HandlerType.GET, "/v1/runs/{run_id}/tasks", this::tasks),
                new Route(HandlerType.GET, "/v1/runs/{run_id}/model-versions", this::modelVersions),
                new Route(HandlerType.GET, "/v1/runs/{run_id}/timeline", this::timeline),
                new Route(HandlerType.GET, "/v1/runs/{run_id}/used-histogram", this::usedHistogram));
    }

    /** A method, a path template and what answers it. */
    record Route(HandlerType method, String path, Handler handler) {
    }

    /** 201 and the record; with {@code on_conflict: "skip"} and the id stored already, 200 and the stored record. */
    private void create(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        CreateDatasetJson json = RequestBodies.json(ctx, CreateDatasetJson.class);
        boolean skip = skipsConflicts(json.onConflict());
        CreateDatasetCommand command = MAP.toCommandOf(json);
        String answer = Replies.send(ctx, datasets, manager -> {
            if (!skip) {
                return new Reply(201, MAP.toJson(manager.createDataset(command)));
            }
            List<Trajectory> created = manager.createMissingDatasets(List.of(command)).created();
            return created.isEmpty()
                    ? new Reply(200, MAP.toJson(manager.getDatasetByTrajectoryId(command.trajectoryId()).orElseThrow()))
                    : new Reply(201, MAP.toJson(created.get(0)));
        });
        if (ctx.statusCode() == 201) {
            ctx.header("Location", "/v1/datasets/" + Json.MAPPER.readTree(answer).get("id").asLong());
        }
    }

    private void createBatch(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        BatchCreateJson json = RequestBodies.json(ctx, BatchCreateJson.class);
        boolean skip = skipsConflicts(json.onConflict());
        List<CreateDatasetCommand> commands = eachItem(batch("items", json.items()), "items", MAP::toCommand);
        Replies.send(ctx, datasets, manager -> {
            if (!skip) {
                List<Trajectory> created = manager.createDatasets(commands);
                return new Reply(201, new BatchCreatedJson(created.size(), MAP.toJson(created), List.of()));
            }
            CreateReport report = manager.createMissingDatasets(commands);
            return new Reply(201, new BatchCreatedJson(report.created().size(), MAP.toJson(report.created()),
                    report.skipped().stream().map(TrajectoryId::value).toList()));
        });
    }

    /** {@code on_conflict}: {@code "error"} (the default: a duplicate is a 409) or {@code "skip"}. */
    private static boolean skipsConflicts(String onConflict) {
        if (onConflict == null || onConflict.equals("error")) {
            return false;
        }
        if (onConflict.equals("skip")) {
            return true;
        }
        throw new InvalidInputException("on_conflict", "must be error or skip, was '" + onConflict + "'");
    }

    private void list(Context ctx) {
        QueryParams query = QueryParams.of(ctx, QueryParams.union(QueryParams.FILTERS, QueryParams.PAGING));
        ctx.json(MAP.toJson(datasets.searchDatasets(query.filter(), query.page())));
    }

    private void count(Context ctx) {
        ctx.json(new CountJson(datasets.countDatasets(QueryParams.of(ctx, QueryParams.FILTERS).filter())));
    }

    private void stats(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("run_id"));
        ctx.json(MAP.toJson(query.runId().map(datasets::getUsageStats).orElseGet(datasets::getUsageStats)));
    }

    private void getById(Context ctx) {
        QueryParams.of(ctx, Set.of());
        long id = idParam(ctx);
        ctx.json(MAP.toJson(datasets.getDatasetById(id)
                .orElseThrow(() -> HttpFailure.notFound("no dataset has id " + id))));
    }

    private void getByTrajectoryId(Context ctx) {
        QueryParams.of(ctx, Set.of());
        TrajectoryId trajectoryId = trajectoryParam(ctx);
        ctx.json(MAP.toJson(datasets.getDatasetByTrajectoryId(trajectoryId).orElseThrow(() -> missing(trajectoryId))));
    }

    private void update(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        TrajectoryId trajectoryId = trajectoryParam(ctx);
        byte[] raw = RequestBodies.read(ctx);
        if (raw.length == 0) {
            throw new InvalidInputException("body", "a JSON body is required");
        }
        var changes = UpdateFields.parse(required(Json.MAPPER.readValue(raw, FIELDS)));
        ctx.json(MAP.toJson(datasets.updateDataset(trajectoryId, changes).orElseThrow(() -> missing(trajectoryId))));
    }

    private void updateBatch(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        List<Map<String, Object>> items = batch("items", RequestBodies.json(ctx, BatchUpdateJson.class).items());
        List<TrajectoryUpdate> updates = eachItem(items, "items", DatasetRoutes::toUpdate);
        ctx.json(MAP.toJson(datasets.updateDatasets(updates)));
    }

    /** A run's records, or with {@code task_id} only that task's records of the run. */
    private void deleteRun(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("run_id", "task_id"));
        String run = query.requiredText("run_id");
        Optional<String> task = query.text("task_id");
        ctx.json(new DeletedJson(task.isPresent() ? datasets.deleteDatasetsByTask(run, task.get()) : datasets.deleteDatasetsByRunId(run)));
    }

    private void delete(Context ctx) {
        QueryParams.of(ctx, Set.of());
        TrajectoryId trajectoryId = trajectoryParam(ctx);
        if (!datasets.deleteDataset(trajectoryId.value())) {
            throw missing(trajectoryId);
        }
        ctx.status(204);
    }

    private void use(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        TrajectoryId trajectoryId = trajectoryParam(ctx);
        byte[] raw = RequestBodies.read(ctx);
        UseJson json = raw.length == 0 ? new UseJson(null, null, null) : required(Json.MAPPER.readValue(raw, UseJson.class));
        UsageLimit limit = limit(json.by(), json.maxUsed());
        Optional<String> consumer = Optional.ofNullable(json.consumer());
        Replies.send(ctx, datasets, manager -> {
            UseResult result = manager.consumedBy(consumer).recordUse(trajectoryId, limit);
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
        Replies.send(ctx, datasets, manager -> new Reply(200,
                MAP.toJson(manager.consumedBy(Optional.ofNullable(json.consumer())).recordUses(trajectoryIds, limit))));
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
        QueryParams query = QueryParams.of(ctx, Set.of("limit", "after_run_id"));
        KeyPage<RunId> page = new KeyPage<>(query.text("after_run_id").map(RunId::of), query.integer("limit").orElse(PageRequest.DEFAULT_LIMIT));
        KeyedPage<RunSummary, RunId> found = datasets.getRuns(page);
        ctx.json(new RunPageJson(found.items().stream().map(MAP::toJson).toList(), found.next().map(RunId::value)));
    }

    private void tasks(Context ctx) {
        QueryParams query = QueryParams.of(ctx, QueryParams.union(QueryParams.GROUP_CRITERIA, Set.of("limit", "after_task_id")));
        RunId run = runParam(ctx);
        KeyPage<TaskId> page = new KeyPage<>(query.text("after_task_id").map(TaskId::of), query.integer("limit").orElse(PageRequest.DEFAULT_LIMIT));
        KeyedPage<TaskSummary, TaskId> found = datasets.getTasks(run, GroupRequests.criteria(query), page);
        ctx.json(new TaskPageJson(found.items().stream().map(MAP::toJson).toList(), found.next().map(TaskId::value)));
    }

    private void modelVersions(Context ctx) {
        QueryParams.of(ctx, Set.of());
        ctx.json(new ModelVersionsJson(datasets.getModelVersions(runParam(ctx)).stream().map(MAP::toJson).toList()));
    }

    /** The run over time: per span, created, first used and uses by kind, with running totals. */
    private void timeline(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("from", "to", "bucket_seconds"));
        RunId run = runParam(ctx);
        OptionalLong seconds = query.longValue("bucket_seconds");
        if (seconds.isPresent() && seconds.getAsLong() < 1) {
            throw new InvalidInputException("bucket_seconds", "must be at least 1, was " + seconds.getAsLong());
        }
        RunTimeline timeline = datasets.getTimeline(run, query.instant("from"), query.instant("to"),
                seconds.isPresent() ? Optional.of(Duration.ofSeconds(seconds.getAsLong())) : Optional.empty());
        ctx.json(MAP.toJson(timeline));
    }

    private void usedHistogram(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("limit", "after_used"));
        RunId run = runParam(ctx);
        KeyPage<Integer> page = new KeyPage<>(query.integer("after_used"), query.integer("limit").orElse(PageRequest.DEFAULT_LIMIT));
        KeyedPage<UsedCount, Integer> found = datasets.getUsedHistogram(run, page);
        ctx.json(new UsedHistogramJson(found.items().stream().map(MAP::toJson).toList(), found.next()));
    }

    private void history(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("limit", "after_event_id"));
        TrajectoryId trajectoryId = trajectoryParam(ctx);
        eventPage(ctx, datasets.getUsageHistory(trajectoryId, eventsPage(query)));
    }

    /** Usage events of a run and a time range (each optional), for operators. */
    private void usageEvents(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("run_id", "from", "to", "limit", "after_event_id"));
        UsageEventFilter filter = new UsageEventFilter(Optional.empty(), query.runId(), query.instant("from"), query.instant("to"));
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

    private static RunId runParam(Context ctx) {
        return RunId.of(ctx.pathParam("run_id"));
    }

    private static UsageLimit limit(Integer by, Integer maxUsed) {
        return new UsageLimit(by == null ? 1 : by, maxUsed == null ? OptionalInt.empty() : OptionalInt.of(maxUsed));
    }

    private static TrajectoryUpdate toUpdate(Map<String, Object> item) {
        Map<String, Object> fields = new LinkedHashMap<>(required(item));
        Object trajectoryId = fields.remove("trajectory_id");
        if (!(trajectoryId instanceof String id)) {
            throw new InvalidInputException("trajectory_id", trajectoryId == null ? "is required" : "must be a string");
        }
        return new TrajectoryUpdate(TrajectoryId.of(id), UpdateFields.parse(fields));
    }

    /** Applies {@code convert} to each item, naming a failing item's field as {@code items[3].used}. */
    static <T, R> List<R> eachItem(List<T> items, String name, Function<T, R> convert) {
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

    private static <T> List<T> batch(String name, List<T> items) {
        if (items == null) {
            throw new InvalidInputException(name, "is required");
        }
        if (items.size() > MAX_BATCH) {
            throw new InvalidInputException(name, "must hold at most " + MAX_BATCH + " entries, held " + items.size());
        }
        return items;
    }

    /** A positive whole number in ASCII digits: no sign, no other script's digits. */
    private static long idParam(Context ctx) {
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

    private static TrajectoryId trajectoryParam(Context ctx) {
        return TrajectoryId.of(ctx.pathParam("trajectory_id"));
    }

    private static HttpFailure missing(TrajectoryId trajectoryId) {
        return HttpFailure.notFound("trajectory_id '" + trajectoryId + "' does not exist");
    }

    private static <T> T required(T value) {
        return RequestBodies.required(value);
    }
}
