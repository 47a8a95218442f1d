package dev.trajectorydatasets.application;

import dev.trajectorydatasets.application.idempotency.Answer;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.UsageOrigin;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who did it, exactly once, and all or nothing: a manager that writes its caller on the usage events, requests that
 * run once per idempotency key, and units of work.
 */
public interface UnitOperations {

    /**
     * This manager, writing {@code usageOrigin} (a consumer, an idempotency key) on the usage events of everything
     * done through it. Closing it closes nothing.
     */
        DatasetManager attributedTo(UsageOrigin usageOrigin);

    /** This manager with {@code consumer} (a trainer's name) on its usage events, keeping its idempotency key. */
        DatasetManager consumedBy(Optional<String> consumer);

    /**
     * This manager counting in consumer group {@code group} (issue 32): its uses, set values, claims, group claims and
     * the leases they make, and the run statistics, used histogram and timeline it reads, are that group's, which
     * needs a run (see {@link dev.trajectorydatasets.domain.DatasetPort#attributedTo}); everything else is as it was.
     * {@link ConsumerGroup#DEFAULT} is the records' own {@code used}.
     */
        DatasetManager inGroup(ConsumerGroup group);

    /**
     * Runs {@code work} once per {@code key}: its effect and its answer (encoded by the caller) commit with the
     * key, so a retry after a crash or a lost answer gets the same answer ({@link Answer#replayed()}) and changes
     * nothing. {@code fingerprint} says what the request was (over HTTP: a hash of its method, path and body); the
     * same key with another fingerprint is an {@link dev.trajectorydatasets.domain.idempotency.IdempotencyKeyReusedException}.
     * A retry while the first run is still going waits for it. A run that throws stores nothing.
     */
        Answer idempotent(IdempotencyKey key, String fingerprint, Function<DatasetManager, Answer> work);

    /** Forgets the stored answers of idempotency keys older than {@code keep}, in short batches; returns how many. */
        long purgeIdempotencyKeys(Duration keep);

    /**
     * Runs {@code work} as one unit (the guide's {@code get_session()} block): everything it does through the
     * manager it is given commits together, or not at all if it throws. If the database breaks a deadlock by
     * rolling the unit back, {@code work} runs again, so it must have no effects outside the manager.
     */
        <T> T inTransaction(Function<DatasetManager, T> work);
}
