package dev.trajectorydatasets.application;

import dev.trajectorydatasets.application.lease.LeaseOperations;
import dev.trajectorydatasets.application.lease.LeasesReleased;
import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseSettlement;
import dev.trajectorydatasets.domain.lease.LeaseState;
import dev.trajectorydatasets.domain.lease.LeaseTerms;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The lease operations of {@link DatasetManager}, each one call to the use case of its capability: a part of the
 * facade written apart so the facade stays one page per concern.
 */
abstract class LeaseFacade implements LeaseOperations {

    /** The use cases of the manager. */
    abstract UseCases cases();

    @Override
    public Optional<Lease> getLease(LeaseId id) {
        return cases().settling().get(id);
    }

    @Override
    public LeaseSettlement acknowledgeLease(LeaseId id, Optional<List<TrajectoryId>> only) {
        return cases().settling().acknowledge(id, only);
    }

    @Override
    public LeaseSettlement releaseLease(LeaseId id, Optional<List<TrajectoryId>> only) {
        return cases().settling().release(id, only);
    }

    @Override
    public KeyedPage<Lease, LeaseId> getLeases(String consumer, Set<LeaseState> states, KeyPage<LeaseId> page) {
        return cases().consumers().list(consumer, states, DatasetRules.required("page", page));
    }

    @Override
    public LeasesReleased releaseLeasesOf(String consumer) {
        return cases().consumers().releaseAll(consumer);
    }

    @Override
    public Lease extendLease(LeaseId id, LeaseTerms terms) {
        return cases().settling().extend(id, terms);
    }

    @Override
    public long purgeLeases(Duration keep) {
        return cases().settling().purge(keep);
    }
}
