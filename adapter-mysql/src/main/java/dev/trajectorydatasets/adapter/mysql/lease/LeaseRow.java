package dev.trajectorydatasets.adapter.mysql.lease;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseId;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/** A row of {@code leases}; {@code id} is set from the generated key on insert. */
public final class LeaseRow {
    public long id;
    public RunId runId;
    public Integer maxUsed;
    public String consumer;
    public Instant createdAt;
    public Instant expiresAt;
    /** {@link LeaseItemsText}. */
    public String items;
    /** NULL for the default group. */
    public String consumerGroup;

    Lease lease() {
        return new Lease(LeaseId.of(id), Optional.ofNullable(runId), maxUsed == null ? OptionalInt.empty() : OptionalInt.of(maxUsed),
                Optional.ofNullable(consumer), createdAt, expiresAt, LeaseItemsText.decode(items),
                consumerGroup == null ? ConsumerGroup.DEFAULT : ConsumerGroup.of(consumerGroup));
    }
}
