package dev.trajectorydatasets.domain;

/**
 * A client's name for one request, so that retrying it cannot apply it twice: 1 to {@value #MAX_LENGTH} visible
 * ASCII characters (no space, no control character).
 */
public record IdempotencyKey(String value) {

    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        DatasetRules.required("idempotencyKey", value);
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new InvalidInputException("idempotencyKey", "must be 1 to " + MAX_LENGTH + " characters, was " + value.length());
        }
        if (!value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidInputException("idempotencyKey", "must be visible ASCII characters only (no space or control character)");
        }
    }

    /** The key {@code value}; an {@link InvalidInputException} naming {@code idempotencyKey} when it breaks the rules. */
    public static IdempotencyKey of(String value) {
        return new IdempotencyKey(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
