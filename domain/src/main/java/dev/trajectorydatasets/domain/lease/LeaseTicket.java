package dev.trajectorydatasets.domain.lease;

import dev.trajectorydatasets.domain.DatasetRules;
import java.time.Instant;

/** What the holder of a new lease needs: its id, and when it runs out. */
public record LeaseTicket(LeaseId id, Instant expiresAt) {

    public LeaseTicket {
        DatasetRules.required("id", id);
        DatasetRules.required("expiresAt", expiresAt);
    }
}
