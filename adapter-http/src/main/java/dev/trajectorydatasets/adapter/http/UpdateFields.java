package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.InvalidInputException;

import java.util.Map;
import java.util.Set;

/**
 * A JSON object of fields to change, the wire form of the guide's {@code update_dataset(**kwargs)}: {@code used}
 * and {@code model_version} take whole numbers, {@code run_id} a string or {@code null} (clears it). Any other
 * name is rejected, naming it, instead of being dropped or written.
 */
final class UpdateFields {

    static final Set<String> NAMES = Set.of("used", "model_version", "run_id");

    private UpdateFields() {
    }

    static DatasetChanges parse(Map<String, ?> fields) {
        DatasetChanges changes = DatasetChanges.none();
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
                default -> throw new InvalidInputException(String.valueOf(name),
                        "cannot be updated; updatable fields are used, model_version, run_id");
            }
        }
        return changes;
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
