package dev.trajectorydatasets.domain;

import java.time.Instant;

/**
 * The rules every stored value obeys, checked where values are made. Lengths count Unicode code points, as a
 * MySQL {@code utf8mb4} column does. Fields are named as the domain names them (record components such as
 * {@code modelVersion}); adapters translate those names to their own spelling.
 */
public final class DatasetRules {

    /** Longest {@code trajectory_id} and {@code run_id}, in code points. */
    public static final int MAX_ID_LENGTH = 255;

    /** The earliest instant every store can hold (a MySQL {@code DATETIME} starts at year 1). */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    /** The latest instant every store can hold, to the microsecond (a MySQL {@code DATETIME} ends at year 9999). */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private DatasetRules() {
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

    /** An instant every store can hold and compare: between {@link #EARLIEST} and {@link #LATEST}. */
    public static Instant storable(String field, Instant value) {
        required(field, value);
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw new InvalidInputException(field, "must be between " + EARLIEST + " and " + LATEST + ", was " + value);
        }
        return value;
    }

    /** A reward: any finite double (NaN and the infinities cannot be compared or averaged). */
    public static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidInputException(field, "must be a finite number, was " + value);
        }
        return value;
    }

    /** {@code text} when it is exactly one JSON object; else an {@link InvalidInputException} naming {@code field}. */
    public static String jsonObject(String field, String text) {
        JsonText.requireObject(field, required(field, text));
        return text;
    }

    public static String identifier(String field, String value) {
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
