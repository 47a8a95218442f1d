package dev.trajectorydatasets.application;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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

    /** Holds what a unit of work tells until it commits ({@link #flushTo}); a unit that fails tells nothing. */
    final class Deferred implements DataActivity {
        private final List<Consumer<DataActivity>> told = new ArrayList<>();

        @Override
        public synchronized void created(int records) {
            told.add(next -> next.created(records));
        }

        @Override
        public synchronized void deleted(int records) {
            told.add(next -> next.deleted(records));
        }

        @Override
        public synchronized void used(int uses) {
            told.add(next -> next.used(uses));
        }

        @Override
        public synchronized void refused(int trajectories) {
            told.add(next -> next.refused(trajectories));
        }

        @Override
        public synchronized void claimed(ClaimKind kind, int rows) {
            told.add(next -> next.claimed(kind, rows));
        }

        @Override
        public synchronized void settled(Settlement settlement, int rows) {
            told.add(next -> next.settled(settlement, rows));
        }

        synchronized void flushTo(DataActivity next) {
            told.forEach(entry -> entry.accept(next));
            told.clear();
        }
    }
}
