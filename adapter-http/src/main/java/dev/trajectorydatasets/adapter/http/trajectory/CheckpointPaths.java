package dev.trajectorydatasets.adapter.http.trajectory;

import dev.trajectorydatasets.adapter.http.shared.HttpMessages.CreateDatasetJson;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trajectorydatasets.adapter.http.shared.Json;
import dev.trajectorydatasets.adapter.http.shared.QueryParams;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Checkpoints named by path, as the rollout workers of the guide's successor module name them: {@code checkpoint_path}
 * instead of {@code model_version}, resolved to the version of the record's run's checkpoint saved there, each
 * (run, path) looked up once per request.
 */
final class CheckpointPaths {

    private final DatasetManager datasets;
    private final Map<Map.Entry<RunId, String>, Integer> known = new HashMap<>();

    CheckpointPaths(DatasetManager datasets) {
        this.datasets = datasets;
    }

    /** The create with its {@code checkpoint_path} turned into its {@code model_version}; as it is without one. */
    CreateDatasetJson resolved(CreateDatasetJson json) {
        return json.checkpointPath() == null ? json
                : json.madeBy(given(json.modelVersion(), json.checkpointPath(), Optional.ofNullable(json.runId())).orElseThrow());
    }

    /** The model version given as {@code model_version} or as {@code checkpoint_path} (never both); empty for neither. */
    Optional<Integer> given(Integer modelVersion, String checkpointPath, Optional<String> run) {
        if (checkpointPath == null) {
            return Optional.ofNullable(modelVersion);
        }
        if (modelVersion != null) {
            throw new InvalidInputException("checkpoint_path", "names the model version as model_version does: give one of them, not both");
        }
        return Optional.of(version(run, checkpointPath));
    }

    /** The query parameter that asks for records with their checkpoint's path. */
    static final String INCLUDE = "include";

    /**
     * The records' JSON, each with its {@code checkpoint_path} (the path of its run's checkpoint of its model version;
     * null when the run has none of that version) when the request says {@code include=checkpoint_path}, else as it is.
     * Each run's checkpoints are read once.
     */
    JsonNode withPaths(QueryParams query, List<Trajectory> records, Object json) {
        JsonNode tree = Json.MAPPER.valueToTree(json);
        Optional<String> include = query.text(INCLUDE);
        if (include.isEmpty()) {
            return tree;
        }
        if (!include.get().equals("checkpoint_path")) {
            throw new InvalidInputException(INCLUDE, "must be checkpoint_path, was '" + include.get() + "'");
        }
        Map<RunId, Map<Integer, String>> paths = new HashMap<>();
        List<ObjectNode> nodes = new ArrayList<>();
        if (tree.has("items")) {
            tree.get("items").forEach(item -> nodes.add((ObjectNode) item));
        } else {
            nodes.add((ObjectNode) tree);
        }
        for (int i = 0; i < records.size(); i++) {
            Trajectory record = records.get(i);
            String path = record.runId().map(run -> paths.computeIfAbsent(run, this::pathsOf).get(record.modelVersion())).orElse(null);
            nodes.get(i).put("checkpoint_path", path);
        }
        return tree;
    }

    /** The run's checkpoint paths by version. */
    private Map<Integer, String> pathsOf(RunId run) {
        Map<Integer, String> byVersion = new HashMap<>();
        datasets.getBackupCheckpoints(Optional.of(run)).forEach(checkpoint -> byVersion.put(checkpoint.version(), checkpoint.path()));
        return byVersion;
    }

    /** The version of the run's checkpoint at {@code path}; a 400 naming {@code checkpoint_path} when there is none. */
    private int version(Optional<String> run, String path) {
        if (run.isEmpty()) {
            throw new InvalidInputException("checkpoint_path", "needs the record's run_id: checkpoints belong to a run");
        }
        RunId runId = RunId.of(run.get());
        return known.computeIfAbsent(Map.entry(runId, path), key -> {
            OptionalInt version = datasets.getCheckpointVersion(runId, path);
            if (version.isEmpty()) {
                throw new InvalidInputException("checkpoint_path", "'" + path + "' is no checkpoint of run '" + runId.value()
                        + "': register it first (POST /v1/runs/{run_id}/checkpoints)");
            }
            return version.getAsInt();
        });
    }
}
