package dev.trajectorydatasets.application.lease;

import dev.trajectorydatasets.application.idempotency.IdempotentRequests;
import dev.trajectorydatasets.application.shared.Change;
import dev.trajectorydatasets.application.shared.DataActivity;
import dev.trajectorydatasets.application.shared.Publisher;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseSettlement;
import dev.trajectorydatasets.domain.lease.LeaseTerms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A lease's life after the claim: read it, acknowledge (count) or release its rows, extend it, forget it. */
public final class SettleLeases {

    private final DatasetPort port;
    private final Clock clock;
    private final Publisher publisher;

    public SettleLeases(Scope scope) {
        this.port = scope.port();
        this.clock = scope.clock();
        this.publisher = scope.publisher();
    }

    public Optional<Lease> get(LeaseId id) {
        return port.leases().find(DatasetRules.required("leaseId", id));
    }

    public LeaseSettlement acknowledge(LeaseId id, Optional<List<TrajectoryId>> only) {
        return settled(DataActivity.Settlement.ACKNOWLEDGED,
                port.leases().acknowledge(DatasetRules.required("leaseId", id), DatasetRules.required("only", only)));
    }

    public LeaseSettlement release(LeaseId id, Optional<List<TrajectoryId>> only) {
        return settled(DataActivity.Settlement.RELEASED,
                port.leases().release(DatasetRules.required("leaseId", id), DatasetRules.required("only", only)));
    }

    public Lease extend(LeaseId id, LeaseTerms terms) {
        return port.leases().extend(DatasetRules.required("leaseId", id), DatasetRules.required("terms", terms));
    }

    /** Forgets leases that ran out more than {@code keep} ago, in short batches; returns how many. */
    public long purge(Duration keep) {
        Instant before = clock.instant().minus(DatasetRules.required("keep", keep));
        long purged = 0;
        int batch;
        do {
            batch = port.leases().purge(before, IdempotentRequests.PURGE_BATCH);
            purged += batch;
        } while (batch == IdempotentRequests.PURGE_BATCH);
        return purged;
    }

    private LeaseSettlement settled(DataActivity.Settlement how, LeaseSettlement settlement) {
        publisher.publish(new Change.Settled(how, settlement));
        return settlement;
    }
}
