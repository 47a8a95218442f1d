package dev.trajectorydatasets.domain;

import java.util.Optional;

/**
 * The rules every stored value obeys, checked where values are made. Lengths count Unicode code points, as a
 * MySQL {@code utf8mb4} column does.
 */
public final class DatasetRules {

    /** Longest {@code trajectory_id} and {@code run_id}, in code points. */
    public static final int MAX_ID_LENGTH = 255;

    private DatasetRules() {
    }

    /** A trajectory id: 1..255 code points, not blank, no control characters, no surrounding white space. */
    public static String trajectoryId(String value) {
        return identifier("trajectory_id", value);
    }

    /** A run id that must be given: the same rules as a trajectory id. */
    public static String runId(String value) {
        return identifier("run_id", value);
    }

    /** A run id, when present: the same rules as a trajectory id. */
    public static Optional<String> runId(Optional<String> value) {
        if (value == null) {
            throw new InvalidInputException("run_id", "must be given or explicitly absent");
        }
        return value.map(v -> identifier("run_id", v));
    }

    /** A count such as {@code used} or {@code model_version}: zero or more. */
    public static int notNegative(String field, int value) {
        if (value < 0) {
            throw new InvalidInputException(field, "must be >= 0, was " + value);
        }
        return value;
    }

    /** A value that must be 1 or more. */
    public static int positive(String field, int value) {
        if (value < 1) {
            throw new InvalidInputException(field, "must be >= 1, was " + value);
        }
        return value;
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }

    static String identifier(String field, String value) {
        required(field, value);
        if (value.isEmpty()) {
            throw new InvalidInputException(field, "must not be empty");
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_ID_LENGTH) {
            throw new InvalidInputException(field, "must be at most " + MAX_ID_LENGTH + " characters, was " + length);
        }
        if (value.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field, "must not contain control characters");
        }
        if (value.codePoints().anyMatch(DatasetRules::isUnpairedSurrogate)) {
            throw new InvalidInputException(field, "must be valid Unicode (unpaired surrogate)");
        }
        // MySQL compares VARCHARs with PAD SPACE: 'a' and 'a ' would be the same key there but not elsewhere.
        if (Character.isWhitespace(value.codePointAt(0)) || Character.isWhitespace(value.codePointBefore(value.length()))) {
            throw new InvalidInputException(field, "must not start or end with white space");
        }
        return value;
    }

    private static boolean isUnpairedSurrogate(int codePoint) {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }
}
