package dev.trajectorydatasets.domain.idempotency;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.IdempotencyKey;
import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency keys and the answers stored under them, so a retried request gets the first one's answer.
 */
public interface AnswerStore {

    /**
     * Takes {@code key} for the calling unit of work: empty when the key was free (it is now held, and its answer
     * must be given with {@link #complete} in the same unit), the stored answer when a unit that held it
     * committed. A unit asking for a key another unit holds waits for that unit to end. Use inside
     * {@link DatasetPort#inTransaction}: the key, the effect and the answer commit together, or none of them does.
     */
    Optional<StoredAnswer> reserve(IdempotencyKey key, String fingerprint, Instant at);

    /** Stores the answer of the key this unit of work reserved. */
    void complete(IdempotencyKey key, int status, String body);

    /** Forgets up to {@code limit} answers stored before {@code before}; returns how many. */
    int purge(Instant before, int limit);
}
