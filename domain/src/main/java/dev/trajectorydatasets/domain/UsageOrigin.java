package dev.trajectorydatasets.domain;

import java.util.Optional;

/**
 * Who caused the changes of a unit of work, written on each usage event it produces: the request's idempotency
 * key and the consumer (a trainer's name), each when given.
 */
public record UsageOrigin(Optional<IdempotencyKey> idempotencyKey, Optional<String> consumer) {

    /** Nothing known. */
    public static final UsageOrigin NONE = new UsageOrigin(Optional.empty(), Optional.empty());

    public UsageOrigin {
        DatasetRules.required("idempotencyKey", idempotencyKey);
        DatasetRules.required("consumer", consumer).ifPresent(name -> DatasetRules.identifier("consumer", name));
    }

    /** Changes made by the consumer (a trainer) named {@code name}, no idempotency key. */
    public static UsageOrigin consumer(String name) {
        return new UsageOrigin(Optional.empty(), Optional.of(name));
    }

    /** The same consumer, with the request's idempotency key. */
    public UsageOrigin withKey(IdempotencyKey key) {
        return new UsageOrigin(Optional.of(DatasetRules.required("idempotencyKey", key)), consumer);
    }

    /** The same idempotency key, with this consumer (or none). */
    public UsageOrigin withConsumer(Optional<String> name) {
        return new UsageOrigin(idempotencyKey, name);
    }
}
