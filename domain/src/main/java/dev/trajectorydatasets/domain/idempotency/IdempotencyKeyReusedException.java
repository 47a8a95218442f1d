package dev.trajectorydatasets.domain.idempotency;

import dev.trajectorydatasets.domain.DatasetException;
import dev.trajectorydatasets.domain.IdempotencyKey;

/** An idempotency key came back with a different request than the one it was first used for. */
public final class IdempotencyKeyReusedException extends DatasetException {

    private final IdempotencyKey key;

    public IdempotencyKeyReusedException(IdempotencyKey key) {
        super("idempotency key '" + key + "' was used for a different request; use a new key for a new request");
        this.key = key;
    }

    public IdempotencyKey key() {
        return key;
    }
}
