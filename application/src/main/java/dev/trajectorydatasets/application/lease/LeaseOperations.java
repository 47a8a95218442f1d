package dev.trajectorydatasets.application.lease;

import dev.trajectorydatasets.application.shared.KeyedPage;
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
 * A lease's life after the claim: read it, count (acknowledge) or give back (release) its rows, extend it while
 * training runs long, list and free a consumer's leases, forget old ones.
 */
public interface LeaseOperations {

    /** A lease with the state of each of its rows, or empty when there is none (or it was purged). */
        Optional<Lease> getLease(LeaseId id);

    /**
     * Counts one use of each of the lease's rows ({@code only} those, when given) that is still the holder's, while
     * below the claim's cap, and ends the lease for them. After the lease ran out, rows another claim took or a
     * write changed since are not counted: they are named in {@link LeaseSettlement#lost()}. Repeating it changes
     * nothing. See {@link dev.trajectorydatasets.domain.lease.LeaseSettling}.
     */
        LeaseSettlement acknowledgeLease(LeaseId id, Optional<List<TrajectoryId>> only);

    /** Gives the lease's rows ({@code only} those, when given) back untouched: eligible again at once. */
        LeaseSettlement releaseLease(LeaseId id, Optional<List<TrajectoryId>> only);

    /**
     * A page of the leases {@code consumer} took, by id, in {@code states} ({@link LeaseState#HELD}: running and still
     * holding rows; {@link LeaseState#SETTLED}; {@link LeaseState#EXPIRED}). A page may hold fewer than its limit and
     * still name a next key.
     */
        KeyedPage<Lease, LeaseId> getLeases(String consumer, Set<LeaseState> states, KeyPage<LeaseId> page);

    /**
     * Gives back every row the consumer's running leases still hold (what a restarted trainer does with its
     * predecessor's steps), each lease in a unit of its own; rows acknowledged before stay counted.
     */
        LeasesReleased releaseLeasesOf(String consumer);

    /** Holds the lease's rows until {@code terms} from now (a long training step); an expired lease cannot be. */
        Lease extendLease(LeaseId id, LeaseTerms terms);

    /** Forgets leases that ran out more than {@code keep} ago, in short batches; returns how many. */
        long purgeLeases(Duration keep);
}
