package dev.trajectorydatasets.domain;

/**
 * What a producer keeps next to a rollout (trace id, data folder, chunk count, instruction): the text of one JSON
 * object of at most {@value #MAX_BYTES} bytes in UTF-8, stored and returned as given, never filtered on. Checked
 * once, here, so every {@code Attributes} in the system is a well-formed JSON object.
 */
public record Attributes(String json) {

    /** Largest object, in bytes of UTF-8. */
    public static final int MAX_BYTES = 8 * 1024;

    public Attributes {
        DatasetRules.required("attributes", json);
        if (json.length() > MAX_BYTES || utf8Length(json) > MAX_BYTES) {
            throw new InvalidInputException("attributes", "must be at most " + MAX_BYTES + " bytes of JSON");
        }
        JsonText.requireObject("attributes", json);
    }

    /** Bytes of {@code text} in UTF-8 (an unpaired surrogate, which JSON checking rejects, counts as 3). */
    private static long utf8Length(String text) {
        return text.codePoints().mapToLong(c -> c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4).sum();
    }

    public static Attributes of(String json) {
        return new Attributes(json);
    }

    @Override
    public String toString() {
        return json;
    }
}
