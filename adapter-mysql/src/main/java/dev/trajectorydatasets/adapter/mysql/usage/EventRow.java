package dev.trajectorydatasets.adapter.mysql.usage;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.time.Instant;
import java.util.Optional;

/** A row read by MyBatis (public fields, set directly); not part of any API. */
public final class EventRow {
    public long id;
    public TrajectoryId trajectoryId;
    public Optional<RunId> runId = Optional.empty();
    public int changeBy;
    public UsageKind kind;
    public Instant occurredAt;
    public String idempotencyKey;
    public String consumer;
    public String consumerGroup;

    UsageEvent event() {
        return new UsageEvent(id, trajectoryId, runId, changeBy, kind, occurredAt,
                Optional.ofNullable(idempotencyKey).map(IdempotencyKey::of), Optional.ofNullable(consumer),
                consumerGroup == null ? ConsumerGroup.DEFAULT : ConsumerGroup.of(consumerGroup));
    }
}
