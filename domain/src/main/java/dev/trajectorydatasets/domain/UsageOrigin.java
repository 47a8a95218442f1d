package dev.trajectorydatasets.domain;


import java.util.Optional;

/**
 * Who caused the changes of a unit of work, written on each usage event it produces: the request's idempotency
 * key and the consumer (a trainer's name), each when given; and the consumer group whose counts the unit's uses,
 * claims and leases change and read ({@link ConsumerGroup#DEFAULT}, the records' own {@code used}, unless named).
 */
public record UsageOrigin(Optional<IdempotencyKey> idempotencyKey, Optional<String> consumer, ConsumerGroup group) {

    /** Nothing known. */
    public static final UsageOrigin NONE = new UsageOrigin(Optional.empty(), Optional.empty(), ConsumerGroup.DEFAULT);

    public UsageOrigin {
        DatasetRules.required("idempotencyKey", idempotencyKey);
        DatasetRules.required("consumer", consumer).ifPresent(name -> DatasetRules.identifier("consumer", name));
        DatasetRules.required("group", group);
    }

    /** Changes made by the consumer (a trainer) named {@code name}, no idempotency key. */
    public static UsageOrigin consumer(String name) {
        return new UsageOrigin(Optional.empty(), Optional.of(name), ConsumerGroup.DEFAULT);
    }

    /** The same consumer, with the request's idempotency key. */
    public UsageOrigin withKey(IdempotencyKey key) {
        return new UsageOrigin(Optional.of(DatasetRules.required("idempotencyKey", key)), consumer, group);
    }

    /** The same idempotency key, with this consumer (or none). */
    public UsageOrigin withConsumer(Optional<String> name) {
        return new UsageOrigin(idempotencyKey, name, group);
    }

    /** The same origin, counting in {@code given}. */
    public UsageOrigin inGroup(ConsumerGroup given) {
        return new UsageOrigin(idempotencyKey, consumer, DatasetRules.required("group", given));
    }
}
