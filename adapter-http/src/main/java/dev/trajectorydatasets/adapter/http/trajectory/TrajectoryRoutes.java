package dev.trajectorydatasets.adapter.http.trajectory;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.trajectorydatasets.adapter.http.shared.HttpFailure;
import dev.trajectorydatasets.adapter.http.shared.HttpMapper;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.BatchCreateJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.BatchCreatedJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.BatchUpdateJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.CountJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.CreateDatasetJson;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.DeletedJson;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.RerollJson;
import dev.trajectorydatasets.adapter.http.shared.Json;
import dev.trajectorydatasets.adapter.http.shared.QueryParams;
import dev.trajectorydatasets.adapter.http.shared.RouteParams;
import dev.trajectorydatasets.adapter.http.shared.Replies.Reply;
import dev.trajectorydatasets.adapter.http.shared.Replies;
import dev.trajectorydatasets.adapter.http.shared.RequestBodies;
import dev.trajectorydatasets.adapter.http.shared.Route;
import dev.trajectorydatasets.adapter.http.shared.UpdateFields;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.trajectory.CreateReport;
import dev.trajectorydatasets.application.trajectory.TrajectoryPage;
import dev.trajectorydatasets.application.trajectory.TrajectoryUpdate;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.trajectorydatasets.adapter.http.shared.RouteParams.batch;
import static dev.trajectorydatasets.adapter.http.shared.RouteParams.eachItem;
import static dev.trajectorydatasets.adapter.http.shared.RouteParams.idParam;
import static dev.trajectorydatasets.adapter.http.shared.RouteParams.missing;
import static dev.trajectorydatasets.adapter.http.shared.RouteParams.required;
import static dev.trajectorydatasets.adapter.http.shared.RouteParams.trajectoryParam;

/** The trajectories themselves: create (one, a batch, or skipping what is stored), read, page, count, change and delete. Each route is a thin translation to {@link DatasetManager}. */
public final class TrajectoryRoutes {

    private static final HttpMapper MAP = HttpMapper.INSTANCE;
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    private final DatasetManager datasets;

    public TrajectoryRoutes(DatasetManager datasets) {
        this.datasets = datasets;
    }

    /** This feature's routes, in matching order: fixed paths before the {@code {id}} that would swallow them. */
    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.POST, "/v1/datasets", this::create),
                new Route(HandlerType.POST, "/v1/datasets/batch", this::createBatch),
                new Route(HandlerType.PATCH, "/v1/datasets/batch", this::updateBatch),
                new Route(HandlerType.GET, "/v1/datasets/count", this::count),
                new Route(HandlerType.GET, "/v1/datasets/stats", this::stats),
                new Route(HandlerType.GET, "/v1/datasets", this::list),
                new Route(HandlerType.DELETE, "/v1/datasets", this::deleteRun),
                new Route(HandlerType.GET, "/v1/datasets/{id}", this::getById),
                new Route(HandlerType.GET, "/v1/trajectories/{trajectory_id}", this::getByTrajectoryId),
                new Route(HandlerType.PATCH, "/v1/trajectories/{trajectory_id}", this::update),
                new Route(HandlerType.POST, "/v1/trajectories/{trajectory_id}/reroll", this::reroll),
                new Route(HandlerType.DELETE, "/v1/trajectories/{trajectory_id}", this::delete));
    }

    /** 201 and the record; with {@code on_conflict: "skip"} and the id stored already, 200 and the stored record. */
    private void create(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        CreateDatasetJson json = RequestBodies.json(ctx, CreateDatasetJson.class);
        boolean skip = skipsConflicts(json.onConflict());
        CreateDatasetCommand command = MAP.toCommandOf(new CheckpointPaths(datasets).resolved(json));
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
        CheckpointPaths paths = new CheckpointPaths(datasets);
        List<CreateDatasetCommand> commands = eachItem(batch("items", json.items()), "items", item -> MAP.toCommand(paths.resolved(item)));
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
        QueryParams query = QueryParams.of(ctx, QueryParams.union(QueryParams.union(QueryParams.FILTERS, QueryParams.PAGING),
                Set.of(CheckpointPaths.INCLUDE, "consumer_group")));
        TrajectoryPage page = datasets.inGroup(query.group()).searchDatasets(query.filter(), query.page());
        ctx.json(new CheckpointPaths(datasets).withPaths(query, page.items(), MAP.toJson(page)));
    }

    private void count(Context ctx) {
        QueryParams query = QueryParams.of(ctx, QueryParams.union(QueryParams.FILTERS, Set.of("consumer_group")));
        ctx.json(new CountJson(datasets.inGroup(query.group()).countDatasets(query.filter())));
    }

    private void stats(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of("run_id", "consumer_group"));
        DatasetManager counting = datasets.inGroup(query.group());
        ctx.json(MAP.toJson(query.runId().map(counting::getUsageStats).orElseGet(counting::getUsageStats)));
    }

    private void getById(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of(CheckpointPaths.INCLUDE, "consumer_group"));
        long id = idParam(ctx);
        Trajectory record = datasets.inGroup(query.group()).getDatasetById(id).orElseThrow(() -> HttpFailure.notFound("no dataset has id " + id));
        ctx.json(new CheckpointPaths(datasets).withPaths(query, List.of(record), MAP.toJson(record)));
    }

    private void getByTrajectoryId(Context ctx) {
        QueryParams query = QueryParams.of(ctx, Set.of(CheckpointPaths.INCLUDE, "consumer_group"));
        TrajectoryId trajectoryId = trajectoryParam(ctx);
        Trajectory record = datasets.inGroup(query.group()).getDatasetByTrajectoryId(trajectoryId).orElseThrow(() -> missing(trajectoryId));
        ctx.json(new CheckpointPaths(datasets).withPaths(query, List.of(record), MAP.toJson(record)));
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

    /**
     * A re-roll: the record made again by another model version ({@code model_version}, or {@code checkpoint_path} of
     * its run), with its new {@code reward}, {@code task_id} or {@code attributes}, its uses back to 0 and a
     * {@code reroll} event in its history, in one unit of work.
     */
    private void reroll(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        TrajectoryId trajectoryId = trajectoryParam(ctx);
        RerollJson json = RequestBodies.json(ctx, RerollJson.class);
        Trajectory current = datasets.getDatasetByTrajectoryId(trajectoryId).orElseThrow(() -> missing(trajectoryId));
        int version = new CheckpointPaths(datasets).given(json.modelVersion(), json.checkpointPath(), current.runId().map(RunId::value))
                .orElseThrow(() -> new InvalidInputException("model_version",
                        "is required (or checkpoint_path): the model version that made the record again"));
        TrajectoryChanges changes = TrajectoryChanges.none();
        if (json.reward() != null) {
            changes = changes.withReward(json.reward());
        }
        if (json.taskId() != null) {
            changes = changes.withTaskId(TaskId.of(json.taskId()));
        }
        if (json.attributes() != null) {
            changes = changes.withAttributes(UpdateFields.attributes(json.attributes()));
        }
        TrajectoryChanges others = changes;
        Replies.send(ctx, datasets, manager -> new Reply(200, MAP.toJson(manager.rerollDataset(trajectoryId, version, others)
                .orElseThrow(() -> missing(trajectoryId)))));
    }

    private void updateBatch(Context ctx) throws IOException {
        QueryParams.of(ctx, Set.of());
        BatchUpdateJson json = RequestBodies.json(ctx, BatchUpdateJson.class);
        List<Map<String, Object>> items = batch("items", json.items());
        List<TrajectoryUpdate> updates = eachItem(items, "items", TrajectoryRoutes::toUpdate);
        ConsumerGroup group = RouteParams.group(json.consumerGroup());
        if (!group.isDefault()) {
            for (int i = 0; i < updates.size(); i++) {
                if (!updates.get(i).changes().setsOnlyUsed()) {
                    throw new InvalidInputException("items[" + i + "]", "sets only used in consumer group " + group
                            + " (a record's other fields belong to no group)");
                }
            }
        }
        ctx.json(MAP.toJson(datasets.inGroup(group).updateDatasets(updates)));
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

    private static TrajectoryUpdate toUpdate(Map<String, Object> item) {
        Map<String, Object> fields = new LinkedHashMap<>(required(item));
        Object trajectoryId = fields.remove("trajectory_id");
        if (!(trajectoryId instanceof String id)) {
            throw new InvalidInputException("trajectory_id", trajectoryId == null ? "is required" : "must be a string");
        }
        return new TrajectoryUpdate(TrajectoryId.of(id), UpdateFields.parse(fields));
    }
}
