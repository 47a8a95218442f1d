package dev.trajectorydatasets.domain.lease;

import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Leases: the rows a leasing claim reserved, settled by acknowledging (counting) or releasing them, extended
 * while the holder works, and forgotten some time after they run out.
 */
public interface LeaseStore {

    /** The lease with its rows; empty when there is none with this id. */
    Optional<Lease> find(LeaseId id);

    /**
     * Up to {@code limit} leases {@code consumer} took, by id, after {@code after} when given; only those that run out
     * after {@code runningAt} when given (still live then, whatever their rows' states).
     */
    List<Lease> ofConsumer(String consumer, Optional<LeaseId> after, int limit, Optional<Instant> runningAt);

    /**
     * Counts one use of each asked row of the lease ({@code only}, or all) that is still the holder's, while below
     * the lease's cap, and ends the lease for it, as {@link LeaseSettling} defines; with one usage event each. A row
     * acknowledged before is left as it is. Acknowledgements of one lease go one at a time.
     *
     * @throws LeaseNotFoundException when there is no such lease
     */
    LeaseSettlement acknowledge(LeaseId id, Optional<List<TrajectoryId>> only);

    /** Gives the asked rows (or all) back untouched: eligible again at once, {@code used} unchanged. */
    LeaseSettlement release(LeaseId id, Optional<List<TrajectoryId>> only);

    /**
     * Holds the lease's rows until {@code terms} from now.
     *
     * @throws LeaseExpiredException when it has run out already
     */
    Lease extend(LeaseId id, LeaseTerms terms);

    /** Forgets up to {@code limit} leases that expired before {@code before}, with their rows' records of them; returns how many. */
    int purge(Instant before, int limit);

    /** Forgets the run's leases, live or not (used when the run itself is deleted); returns how many there were. */
    int deleteOfRun(RunId runId);
}
