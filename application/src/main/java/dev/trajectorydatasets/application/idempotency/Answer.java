package dev.trajectorydatasets.application.idempotency;

import dev.trajectorydatasets.domain.DatasetRules;

/**
 * What a request answered, as the caller encodes it (over HTTP: the status and the JSON body), so that a retry
 * with the same idempotency key gets it again. {@code replayed}: this is the stored answer of an earlier request.
 */
public record Answer(int status, String body, boolean replayed) {

    /** Checks every component (see the record's description). */
    public Answer {
        DatasetRules.required("body", body);
    }

    /** A fresh answer. */
    public static Answer of(int status, String body) {
        return new Answer(status, body, false);
    }
}
