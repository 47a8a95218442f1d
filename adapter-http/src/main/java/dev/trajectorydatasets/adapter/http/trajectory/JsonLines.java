package dev.trajectorydatasets.adapter.http.trajectory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.trajectorydatasets.domain.Attributes;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The export format: one JSON object per line, named as the HTTP API names them ({@code id}, {@code trajectory_id},
 * {@code run_id}, {@code task_id}, {@code reward}, {@code used}, {@code model_version}, {@code created_at},
 * {@code attributes}); absent values are left out. {@code attributes} is written and read back as its exact text.
 */
public final class JsonLines {

    /** A repeated key is an error here as in the HTTP API, never "the last one wins". */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** The fields a line may have ({@code id} is the old store's and is not kept). */
    public static final String FIELDS = "id, trajectory_id, run_id, task_id, reward, used, model_version, created_at, attributes";

    private JsonLines() {
    }

    /** Writes one record as one line. */
    public static void write(Trajectory record, Writer out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.writeStartObject();
            json.writeNumberField("id", record.id());
            json.writeStringField("trajectory_id", record.trajectoryId().value());
            if (record.runId().isPresent()) {
                json.writeStringField("run_id", record.runId().get().value());
            }
            if (record.taskId().isPresent()) {
                json.writeStringField("task_id", record.taskId().get().value());
            }
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
            json.writeEndObject();
        }
        out.write('\n');
    }

    /**
     * The record a line describes, as it is to be imported (its {@code id} is the old store's and is not kept).
     *
     * @throws InvalidInputException naming the field that is missing or wrong
     */
    public static NewTrajectory read(String line) throws IOException {
        String trajectory = null;
        Optional<RunId> run = Optional.empty();
        Optional<TaskId> task = Optional.empty();
        OptionalDouble reward = OptionalDouble.empty();
        int used = 0;
        int modelVersion = 0;
        Instant createdAt = null;
        Optional<Attributes> attributes = Optional.empty();
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
                switch (field) {
                    case "trajectory_id" -> trajectory = text(json, field);
                    case "run_id" -> run = Optional.of(RunId.of(text(json, field)));
                    case "task_id" -> task = Optional.of(TaskId.of(text(json, field)));
                    case "reward" -> reward = OptionalDouble.of(number(json, field));
                    case "used" -> used = whole(json, field);
                    case "model_version" -> modelVersion = whole(json, field);
                    case "created_at" -> createdAt = instant(text(json, field));
                    case "attributes" -> attributes = Optional.of(Attributes.of(rawObject(json, line)));
                    case "id" -> json.skipChildren();
                    default -> throw new InvalidInputException(field, "is not a field of the export format (" + FIELDS + ")");
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                throw new InvalidInputException("line", "must hold one JSON object and nothing after it");
            }
        }
        if (trajectory == null) {
            throw new InvalidInputException("trajectory_id", "is missing");
        }
        if (createdAt == null) {
            throw new InvalidInputException("created_at", "is missing");
        }
        return new NewTrajectory(TrajectoryId.of(trajectory), run, used, modelVersion, createdAt, task, reward, attributes);
    }

    private static String text(JsonParser json, String field) throws IOException {
        if (json.currentToken() != JsonToken.VALUE_STRING) {
            throw new InvalidInputException(field, "must be a string");
        }
        return json.getText();
    }

    private static double number(JsonParser json, String field) throws IOException {
        if (!json.currentToken().isNumeric()) {
            throw new InvalidInputException(field, "must be a number");
        }
        return json.getDoubleValue();
    }

    private static int whole(JsonParser json, String field) throws IOException {
        if (json.currentToken() != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT) {
            throw new InvalidInputException(field, "must be a whole number");
        }
        return json.getIntValue();
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("created_at", "must be an ISO-8601 instant such as 2026-11-29T12:00:00.000001Z");
        }
    }

    /** The object's text exactly as the line holds it. */
    private static String rawObject(JsonParser json, String line) throws IOException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidInputException("attributes", "must be a JSON object");
        }
        int start = (int) json.currentTokenLocation().getCharOffset();
        json.skipChildren();
        int end = (int) json.currentLocation().getCharOffset();
        return line.substring(start, end);
    }
}
