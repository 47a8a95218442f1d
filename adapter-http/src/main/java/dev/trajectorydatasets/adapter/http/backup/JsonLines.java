package dev.trajectorydatasets.adapter.http.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.trajectorydatasets.adapter.http.shared.WireEnums;
import dev.trajectorydatasets.domain.Attributes;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.group.RunGroup;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The backup format: one JSON object per line, named as the HTTP API names things, each with a {@code kind}:
 * <ul>
 *   <li>{@code pause}: {@code run_id}, {@code since}, {@code reason}</li>
 *   <li>{@code checkpoint}: {@code run_id}, {@code version}, {@code path}, {@code created_at}, {@code details}</li>
 *   <li>{@code trajectory} (the default, so exports of earlier versions read as they were): {@code id},
 *       {@code trajectory_id}, {@code run_id}, {@code task_id}, {@code reward}, {@code used}, {@code model_version},
 *       {@code created_at}, {@code attributes}; {@code checkpoint_path} instead of {@code model_version} names the run's
 *       checkpoint that made it by its path</li>
 *   <li>{@code usage}: one event of the trajectory of the line above it: {@code trajectory_id}, {@code run_id},
 *       {@code change}, {@code event} (what made it: {@code claim}, {@code acknowledge}, ...), {@code at},
 *       {@code idempotency_key}, {@code consumer}, {@code consumer_group} (absent: the default group)</li>
 *   <li>{@code consumer_group}: a consumer group of a run, {@code run_id} and {@code consumer_group} (issue 32); a
 *       trajectory's line gives its counts in groups as {@code consumer_groups}: {@code {"eval": 2}} (those not 0)</li>
 * </ul>
 * Absent values are left out. {@code attributes} is written and read back as its exact text.
 */
public final class JsonLines {

    /** A repeated key is an error here as in the HTTP API, never "the last one wins". */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** The fields of a trajectory's line ({@code id} is the old store's and is not kept). */
    private static final List<String> TRAJECTORY_FIELDS = List.of("kind", "id", "trajectory_id", "run_id", "task_id", "reward",
            "used", "model_version", "checkpoint_path", "created_at", "attributes", "consumer_groups");
    public static final String FIELDS = String.join(", ", TRAJECTORY_FIELDS);

    private static final Map<String, Set<String>> FIELDS_OF = Map.of(
            "trajectory", Set.copyOf(TRAJECTORY_FIELDS),
            "usage", Set.of("kind", "trajectory_id", "run_id", "change", "event", "at", "idempotency_key", "consumer", "consumer_group"),
            "consumer_group", Set.of("kind", "run_id", "consumer_group"),
            "checkpoint", Set.of("kind", "run_id", "version", "path", "created_at", "details"),
            "pause", Set.of("kind", "run_id", "since", "reason"));

    private JsonLines() {
    }

    /** One line of a backup, as read. */
    public sealed interface Line {
    }

    /**
     * A trajectory (its history, if any, follows on {@link Usage} lines); {@code checkpointPath} when its line names the
     * checkpoint that made it by path instead of {@code model_version}.
     */
    public record Record(NewTrajectory record, Optional<String> checkpointPath, Map<ConsumerGroup, Integer> groupCounts) implements Line {
    }

    /** A consumer group of a run. */
    public record GroupLine(RunGroup group) implements Line {
    }

    /** One usage event of the trajectory of the line before. */
    public record Usage(UsageEvent event) implements Line {
    }

    public record CheckpointLine(Checkpoint checkpoint) implements Line {
    }

    public record PauseLine(RunPause pause) implements Line {
    }

    public static void write(RunGroup group, Writer out) throws IOException {
        line(out, json -> {
            json.writeStringField("kind", "consumer_group");
            json.writeStringField("run_id", group.runId().value());
            json.writeStringField("consumer_group", group.group().name());
        });
    }

    /** Writes a trajectory's line (with its counts in consumer groups), then a line per event of its history (oldest first). */
    public static void write(Trajectory record, List<UsageEvent> history, Map<ConsumerGroup, Integer> groupCounts, Writer out)
            throws IOException {
        line(out, json -> {
            json.writeStringField("kind", "trajectory");
            json.writeNumberField("id", record.id());
            json.writeStringField("trajectory_id", record.trajectoryId().value());
            optional(json, "run_id", record.runId().map(RunId::value));
            optional(json, "task_id", record.taskId().map(TaskId::value));
            if (record.reward().isPresent()) {
                json.writeNumberField("reward", record.reward().getAsDouble());
            }
            json.writeNumberField("used", record.used());
            json.writeNumberField("model_version", record.modelVersion());
            json.writeStringField("created_at", record.createdAt().toString());
            if (record.attributes().isPresent()) {
                json.writeFieldName("attributes");
                json.writeRawValue(record.attributes().get().json());
            }
            if (!groupCounts.isEmpty()) {
                json.writeObjectFieldStart("consumer_groups");
                for (Map.Entry<String, Integer> count : new TreeMap<>(groupCounts.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(entry -> entry.getKey().name(), Map.Entry::getValue))).entrySet()) {
                    json.writeNumberField(count.getKey(), count.getValue());
                }
                json.writeEndObject();
            }
        });
        for (UsageEvent event : history) {
            line(out, json -> {
                json.writeStringField("kind", "usage");
                json.writeStringField("trajectory_id", event.trajectoryId().value());
                optional(json, "run_id", event.runId().map(RunId::value));
                json.writeNumberField("change", event.change());
                json.writeStringField("event", WireEnums.wireName(event.kind()));
                json.writeStringField("at", event.at().toString());
                optional(json, "idempotency_key", event.idempotencyKey().map(IdempotencyKey::value));
                optional(json, "consumer", event.consumer());
                optional(json, "consumer_group", event.group().isDefault() ? Optional.empty() : Optional.of(event.group().name()));
            });
        }
    }

    public static void write(Checkpoint checkpoint, Writer out) throws IOException {
        line(out, json -> {
            json.writeStringField("kind", "checkpoint");
            json.writeStringField("run_id", checkpoint.runId().value());
            json.writeNumberField("version", checkpoint.version());
            json.writeStringField("path", checkpoint.path());
            json.writeStringField("created_at", checkpoint.createdAt().toString());
            if (checkpoint.details().isPresent()) {
                json.writeFieldName("details");
                json.writeRawValue(checkpoint.details().get());
            }
        });
    }

    public static void write(RunPause pause, Writer out) throws IOException {
        line(out, json -> {
            json.writeStringField("kind", "pause");
            json.writeStringField("run_id", pause.runId().value());
            json.writeStringField("since", pause.since().toString());
            optional(json, "reason", pause.reason());
        });
    }

    /**
     * What a line holds ({@code id} of a trajectory is the old store's and is not kept).
     *
     * @throws InvalidInputException naming the field that is missing or wrong
     */
    public static Line read(String line) throws IOException {
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException("line", "must be a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                fields.put(field, switch (value) {
                    case START_OBJECT -> field.equals("attributes") || field.equals("details") || field.equals("consumer_groups")
                            ? new Raw(rawObject(json, line))
                            : skipped(json, field);
                    case START_ARRAY -> skipped(json, field);
                    case VALUE_STRING -> json.getText();
                    case VALUE_NUMBER_INT -> json.getNumberType() == JsonParser.NumberType.INT ? (Object) json.getIntValue() : (Object) json.getDoubleValue();
                    case VALUE_NUMBER_FLOAT -> json.getDoubleValue();
                    default -> value;
                });
            }
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                throw new InvalidInputException("line", "must hold one JSON object and nothing after it");
            }
        }
        String kind = fields.containsKey("kind") ? text(fields, "kind") : "trajectory";
        Set<String> allowed = FIELDS_OF.get(kind);
        if (allowed == null) {
            throw new InvalidInputException("kind", "must be one of trajectory, usage, checkpoint, pause, consumer_group, was '" + kind + "'");
        }
        for (String field : fields.keySet()) {
            if (!allowed.contains(field)) {
                throw new InvalidInputException(field, "is not a field of the export format (" + (kind.equals("trajectory") ? FIELDS
                        : String.join(", ", allowed.stream().sorted().toList())) + ")");
            }
        }
        return switch (kind) {
            case "usage" -> new Usage(new UsageEvent(0, TrajectoryId.of(required(fields, "trajectory_id")), run(fields),
                    whole(fields, "change", 0), WireEnums.parse("event", UsageKind.class, required(fields, "event")),
                    instant(fields, "at"), Optional.ofNullable(text(fields, "idempotency_key")).map(IdempotencyKey::of),
                    Optional.ofNullable(text(fields, "consumer")),
                    Optional.ofNullable(text(fields, "consumer_group")).map(ConsumerGroup::of).orElse(ConsumerGroup.DEFAULT)));
            case "consumer_group" -> new GroupLine(new RunGroup(RunId.of(required(fields, "run_id")),
                    ConsumerGroup.of(required(fields, "consumer_group"))));
            case "checkpoint" -> new CheckpointLine(new Checkpoint(RunId.of(required(fields, "run_id")), whole(fields, "version", -1),
                    required(fields, "path"), instant(fields, "created_at"), raw(fields, "details")));
            case "pause" -> new PauseLine(new RunPause(RunId.of(required(fields, "run_id")), instant(fields, "since"),
                    Optional.ofNullable(text(fields, "reason"))));
            default -> {
                Optional<String> path = Optional.ofNullable(text(fields, "checkpoint_path"));
                if (path.isPresent() && fields.containsKey("model_version")) {
                    throw new InvalidInputException("checkpoint_path", "names the model version as model_version does: give one of them, not both");
                }
                yield new Record(record(fields), path, groupCounts(raw(fields, "consumer_groups")));
            }
        };
    }

    /** A JSON object's exact text; empty when absent. */
    private static Optional<String> raw(Map<String, Object> fields, String field) {
        return Optional.ofNullable(fields.get(field)).map(value -> {
            if (!(value instanceof Raw raw)) {
                throw new InvalidInputException(field, "must be a JSON object");
            }
            return raw.text();
        });
    }

    private static NewTrajectory record(Map<String, Object> fields) {
        String trajectory = required(fields, "trajectory_id");
        OptionalDouble reward = fields.containsKey("reward") ? OptionalDouble.of(number(fields, "reward")) : OptionalDouble.empty();
        Optional<Attributes> attributes = Optional.ofNullable(fields.get("attributes")).map(value -> {
            if (!(value instanceof Raw raw)) {
                throw new InvalidInputException("attributes", "must be a JSON object");
            }
            return Attributes.of(raw.text());
        });
        return new NewTrajectory(TrajectoryId.of(trajectory), run(fields), whole(fields, "used", 0), whole(fields, "model_version", 0),
                instant(fields, "created_at"), Optional.ofNullable(text(fields, "task_id")).map(TaskId::of), reward, attributes);
    }

    /** A trajectory's counts in consumer groups: an object of whole numbers by group name. */
    private static Map<ConsumerGroup, Integer> groupCounts(Optional<String> object) throws IOException {
        if (object.isEmpty()) {
            return Map.of();
        }
        Map<ConsumerGroup, Integer> counts = new HashMap<>();
        try (JsonParser json = JSON.createParser(object.get())) {
            json.nextToken();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                ConsumerGroup group = ConsumerGroup.of(json.currentName());
                if (json.nextToken() != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT) {
                    throw new InvalidInputException("consumer_groups", "must map each group to a whole number, as {\"eval\": 2}");
                }
                counts.put(group, json.getIntValue());
            }
        }
        return counts;
    }

    /** An object's exact text (attributes). */
    private record Raw(String text) {
    }

    private static Object skipped(JsonParser json, String field) throws IOException {
        json.skipChildren();
        return new Raw("");
    }

    private static Optional<RunId> run(Map<String, Object> fields) {
        return Optional.ofNullable(text(fields, "run_id")).map(RunId::of);
    }

    private static String required(Map<String, Object> fields, String field) {
        String value = text(fields, field);
        if (value == null) {
            throw new InvalidInputException(field, "is missing");
        }
        return value;
    }

    /** The field's text; null when absent. */
    private static String text(Map<String, Object> fields, String field) {
        Object value = fields.get(field);
        if (value != null && !(value instanceof String)) {
            throw new InvalidInputException(field, "must be a string");
        }
        return (String) value;
    }

    private static double number(Map<String, Object> fields, String field) {
        if (!(fields.get(field) instanceof Number number)) {
            throw new InvalidInputException(field, "must be a number");
        }
        return number.doubleValue();
    }

    /** The field's whole number; {@code absent} when it is absent, -1 meaning it is required. */
    private static int whole(Map<String, Object> fields, String field, int absent) {
        Object value = fields.get(field);
        if (value == null && absent >= 0) {
            return absent;
        }
        if (value == null) {
            throw new InvalidInputException(field, "is missing");
        }
        if (!(value instanceof Integer whole)) {
            throw new InvalidInputException(field, "must be a whole number");
        }
        return whole;
    }

    private static Instant instant(Map<String, Object> fields, String field) {
        String text = required(fields, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be an ISO-8601 instant such as 2026-11-29T12:00:00.000001Z");
        }
    }

    /** The object's text exactly as the line holds it. */
    private static String rawObject(JsonParser json, String line) throws IOException {
        int start = (int) json.currentTokenLocation().getCharOffset();
        json.skipChildren();
        int end = (int) json.currentLocation().getCharOffset();
        return line.substring(start, end);
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static void line(Writer out, Fields fields) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        }
        out.write('\n');
    }

    private static void optional(JsonGenerator json, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            json.writeStringField(field, value.get());
        }
    }
}
