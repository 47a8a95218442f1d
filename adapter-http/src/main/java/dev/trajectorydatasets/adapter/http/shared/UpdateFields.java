package dev.trajectorydatasets.adapter.http.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trajectorydatasets.domain.Attributes;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;

import java.util.Map;
import java.util.Set;

/**
 * A JSON object of fields to change, the wire form of the guide's {@code update_dataset(**kwargs)}: {@code used}
 * and {@code model_version} take whole numbers, {@code run_id} and {@code task_id} a string, {@code reward} a
 * number, {@code attributes} an object; each of the last four {@code null} to clear it. Any other
 * name is rejected, naming it, instead of being dropped or written.
 */
public final class UpdateFields {

    static final Set<String> NAMES = Set.of("used", "model_version", "run_id", "task_id", "reward", "attributes");

    private UpdateFields() {
    }

    public static TrajectoryChanges parse(Map<String, ?> fields) {
        TrajectoryChanges changes = TrajectoryChanges.none();
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            switch (name) {
                case "used" -> changes = changes.withUsed(wholeNumber(name, value));
                case "model_version" -> changes = changes.withModelVersion(wholeNumber(name, value));
                case "run_id" -> {
                    if (value == null) {
                        changes = changes.withoutRunId();
                    } else if (value instanceof String run) {
                        changes = changes.withRunId(run);
                    } else {
                        throw new InvalidInputException(name, "must be a string or null");
                    }
                }
                case "task_id" -> {
                    if (value == null) {
                        changes = changes.withoutTaskId();
                    } else if (value instanceof String task) {
                        changes = changes.withTaskId(TaskId.of(task));
                    } else {
                        throw new InvalidInputException(name, "must be a string or null");
                    }
                }
                case "reward" -> changes = value == null ? changes.withoutReward() : changes.withReward(number(name, value));
                case "attributes" -> {
                    if (value == null) {
                        changes = changes.withoutAttributes();
                    } else if (value instanceof Map<?, ?> object) {
                        changes = changes.withAttributes(attributes(object));
                    } else {
                        throw new InvalidInputException(name, "must be a JSON object or null");
                    }
                }
                default -> throw new InvalidInputException(String.valueOf(name),
                        "cannot be updated; updatable fields are used, model_version, run_id, task_id, reward, attributes");
            }
        }
        return changes;
    }

    /** A JSON object read as a map, as compact JSON text (keys in the order given). */
    public static Attributes attributes(Map<?, ?> object) {
        try {
            return Attributes.of(Json.MAPPER.writeValueAsString(object));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("attributes", "must be a JSON object");
        }
    }

    /** A JSON number as a double; the domain rejects what is not finite (1e999 reads as infinity). */
    private static double number(String field, Object value) {
        if (value instanceof Number number && !(value instanceof Byte)) {
            return number.doubleValue();
        }
        throw new InvalidInputException(field, "must be a number or null");
    }

    private static int wholeNumber(String field, Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Long number && number == number.intValue()) {
            return number.intValue();
        }
        throw new InvalidInputException(field, "must be a whole number between 0 and " + Integer.MAX_VALUE);
    }
}
