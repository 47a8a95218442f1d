package dev.trajectorydatasets.domain;

import java.nio.charset.StandardCharsets;

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
        if (json.length() > MAX_BYTES || json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidInputException("attributes", "must be at most " + MAX_BYTES + " bytes of JSON");
        }
        JsonText.requireObject("attributes", json);
    }

    public static Attributes of(String json) {
        return new Attributes(json);
    }

    @Override
    public String toString() {
        return json;
    }
}
