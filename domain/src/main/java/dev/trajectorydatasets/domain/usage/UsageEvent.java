package dev.trajectorydatasets.domain.usage;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageOrigin;
import java.time.Instant;
import java.util.Optional;

/**
 * One change to a record's {@code used}, written in the unit of work that made it: for every record, {@code used}
 * is the sum of its events' {@code change}.
 *
 * @param id             store-assigned, ascending in the order events were written
 * @param runId          the record's run when the change was made
 * @param change         what was added to {@code used} (negative when a set lowered it)
 * @param at             when, by the store's clock
 * @param idempotencyKey the key of the request that made it, when given
 * @param consumer       who made it (a trainer's name), when given
 * @param group          the consumer group whose count changed ({@link ConsumerGroup#DEFAULT}: the record's {@code used})
 */
public record UsageEvent(long id, TrajectoryId trajectoryId, Optional<RunId> runId, int change, UsageKind kind, Instant at,
                         Optional<IdempotencyKey> idempotencyKey, Optional<String> consumer, ConsumerGroup group) {

    public UsageEvent {
        DatasetRules.required("trajectoryId", trajectoryId);
        DatasetRules.required("runId", runId);
        DatasetRules.required("kind", kind);
        DatasetRules.required("at", at);
        DatasetRules.required("idempotencyKey", idempotencyKey);
        DatasetRules.required("consumer", consumer);
        DatasetRules.required("group", group);
    }

    /** An event of the default group. */
    public UsageEvent(long id, TrajectoryId trajectoryId, Optional<RunId> runId, int change, UsageKind kind, Instant at,
                      Optional<IdempotencyKey> idempotencyKey, Optional<String> consumer) {
        this(id, trajectoryId, runId, change, kind, at, idempotencyKey, consumer, ConsumerGroup.DEFAULT);
    }

    /** The event of a change to {@code record} (as it is after the change), before the store numbers it. */
    public static UsageEvent of(Trajectory record, int change, UsageKind kind, Instant at, UsageOrigin origin) {
        return new UsageEvent(0, record.trajectoryId(), record.runId(), change, kind, at, origin.idempotencyKey(), origin.consumer(), origin.group());
    }

    public UsageEvent numbered(long eventId) {
        return new UsageEvent(eventId, trajectoryId, runId, change, kind, at, idempotencyKey, consumer, group);
    }
}
