package dev.trajectorydatasets.application.idempotency;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.idempotency.IdempotencyKeyReusedException;
import dev.trajectorydatasets.domain.idempotency.StoredAnswer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Requests that run once per idempotency key: the key, the request's effect and its answer commit in one unit of
 * work, so no crash can separate them. A retry with the same key and the same request gets the stored answer and
 * changes nothing; the same key with another request is an {@link IdempotencyKeyReusedException}; a retry while
 * the first is still running waits for it. A request that fails stores nothing (its effect is undone too), so
 * its retry runs again.
 */
public final class IdempotentRequests {

    /** Answers forgotten per purge statement: short statements, so purging never holds up requests. */
    public static final int PURGE_BATCH = 1_000;

    private final DatasetPort port;
    private final Clock clock;

    public IdempotentRequests(DatasetPort port, Clock clock) {
        this.port = port;
        this.clock = clock;
    }

    /** @param managers the manager of the unit of work on its port, attributed to the key */
    public <M> Answer once(IdempotencyKey key, String fingerprint, UsageOrigin origin, BiFunction<DatasetPort, UsageOrigin, M> managers,
                    Function<M, Answer> work) {
        DatasetRules.required("idempotencyKey", key);
        DatasetRules.required("fingerprint", fingerprint);
        DatasetRules.required("work", work);
        return port.inTransaction(tx -> {
            Optional<StoredAnswer> stored = tx.answers().reserve(key, fingerprint, clock.instant());
            if (stored.isPresent()) {
                if (!stored.get().fingerprint().equals(fingerprint)) {
                    throw new IdempotencyKeyReusedException(key);
                }
                return new Answer(stored.get().status(), stored.get().body(), true);
            }
            UsageOrigin keyed = origin.withKey(key);
            Answer answer = DatasetRules.required("answer", work.apply(managers.apply(tx.attributedTo(keyed), keyed)));
            tx.answers().complete(key, answer.status(), answer.body());
            return answer;
        });
    }

    /** Forgets the answers stored more than {@code keep} ago, a batch at a time; returns how many. */
    public long purge(Duration keep) {
        Instant before = clock.instant().minus(DatasetRules.required("keep", keep));
        long purged = 0;
        int batch;
        do {
            batch = port.answers().purge(before, PURGE_BATCH);
            purged += batch;
        } while (batch == PURGE_BATCH);
        return purged;
    }
}
