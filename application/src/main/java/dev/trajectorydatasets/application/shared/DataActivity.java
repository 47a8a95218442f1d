package dev.trajectorydatasets.application.shared;


/**
 * What the use cases did to the data, told once it is committed: records created and deleted, uses counted and
 * refused at their cap, claims (by kind, with how many rows they took: 0 is an empty claim), and lease rows
 * acknowledged or released. The server's metrics implement it; a unit of work tells nothing unless it commits, and a
 * retried unit tells only its last run. Implementations must be thread-safe and quick (no I/O).
 */
public interface DataActivity {

    /** Tells nothing. */
    DataActivity NONE = new DataActivity() {
    };

    /** What took rows. */
    enum ClaimKind {
        /** {@code claimTrajectories}: counted at once. */
        CLAIM,
        /** {@code claimGroups}: counted at once. */
        GROUP_CLAIM,
        /** {@code leaseTrajectories}: held, counted when acknowledged. */
        LEASE,
        /** {@code leaseGroups}: held, counted when acknowledged. */
        GROUP_LEASE
    }

    /** What ended a lease's hold on rows. */
    enum Settlement {
        /** Acknowledged: each row's use counted. */
        ACKNOWLEDGED,
        /** Released: given back untouched. */
        RELEASED
    }

    /** {@code records} were created. */
    default void created(int records) {
    }

    /** {@code records} were deleted. */
    default void deleted(int records) {
    }

    /** {@code uses} were counted (by uses, claims, group claims and lease acknowledgements). */
    default void used(int uses) {
    }

    /** {@code trajectories} were not used because their cap was reached. */
    default void refused(int trajectories) {
    }

    /** A claim of {@code kind} took {@code rows} (0: it found nothing eligible). */
    default void claimed(ClaimKind kind, int rows) {
    }

    /** {@code rows} of leases were settled so. */
    default void settled(Settlement settlement, int rows) {
    }
}
