package dev.trajectorydatasets.adapter.inmemory.shared;

import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.lease.LeaseHold;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.util.Optional;

/**
 * The counts and holds of one consumer group, as uses, claims and leases read and write them: the records' own
 * {@code used} and holds for the default group, a {@link GroupCounts} per run for the others. A record "as seen" here
 * is the record with {@code used} set to its count in the group. Writes are journaled by the unit.
 */
public interface Counts {

    /** {@code record} with its count in this group as {@code used}. */
    Trajectory seen(Trajectory record);

    /** The hold a lease of this group has on the record; null when none. */
    LeaseHold hold(long recordId);

    /** The run's records (or, for the default group, every record when no run is given) as seen here, least used first. */
    Iterable<Trajectory> leastUsed(Optional<RunId> run);

    /** Sets the record's count here to {@code used}; returns it as seen after. */
    Trajectory set(Trajectory seen, int used);

    /** Sets (null: ends) the hold of this group's lease on the record. */
    void setHold(long recordId, LeaseHold hold);
}
