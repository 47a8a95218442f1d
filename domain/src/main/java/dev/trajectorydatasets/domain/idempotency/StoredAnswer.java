package dev.trajectorydatasets.domain.idempotency;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.InvalidInputException;
import java.time.Instant;

/**
 * The answer a request with an idempotency key got, kept with the key so that a retry gets it again instead of
 * running twice: what the request was ({@code fingerprint}, opaque to the store) and what it answered.
 */
public record StoredAnswer(IdempotencyKey key, String fingerprint, int status, String body, Instant createdAt) {

    /** Longest fingerprint, in characters. */
    public static final int MAX_FINGERPRINT = 255;

    public StoredAnswer {
        DatasetRules.required("idempotencyKey", key);
        DatasetRules.required("fingerprint", fingerprint);
        if (fingerprint.isEmpty() || fingerprint.length() > MAX_FINGERPRINT) {
            throw new InvalidInputException("fingerprint", "must be 1 to " + MAX_FINGERPRINT + " characters");
        }
        DatasetRules.required("body", body);
        DatasetRules.required("createdAt", createdAt);
    }
}
