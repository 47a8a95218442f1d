package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRowMapper;
import dev.trajectorydatasets.domain.StoreBusyException;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** How claims keep concurrent claimers apart; {@code DatasetStores} picks one per store, once. */
public interface ClaimLocking {

    /** Runs the transaction of a claim of up to {@code rows} rows, serialised, bounded or not. */
    <T> T around(int rows, Supplier<T> claim);

    /**
     * Runs a claim made inside a larger unit of work (an idempotent request, {@code inTransaction}): bounded like
     * {@link #around} where that bounds lock memory, never serialised (the unit may already hold row locks that
     * the serialised claimer would wait for).
     */
    <T> T withinUnit(int rows, Supplier<T> claim);

    /** Whether locking reads pass rows other transactions hold ({@code SKIP LOCKED}) instead of waiting. */
    boolean skipsLocked();

    /**
     * Takes the claimed rows inside the claim's transaction and has {@code claim} count or hold them; returns them as
     * {@code claim} left them, or none when fewer than the request's minimum could be taken.
     */
    List<Trajectory> take(ClaimRows rows, Connection connection, ClaimRequest request, Instant now, int spread, RowClaim claim)
            throws SQLException;

    /** What a claim does to the rows it takes: count a use of each, or hold them for a lease. */
    interface RowClaim {
        /** Applies to rows this transaction holds locked. */
        void all(List<TrajectoryRow> rows) throws SQLException;

        /** Applies to a row read without a lock, only if nothing changed it since and it is still claimable. */
        boolean ifUnchanged(TrajectoryRow row) throws SQLException;
    }

    /**
     * {@code FOR UPDATE SKIP LOCKED} (MySQL 8, MariaDB 10.6+): concurrent claimers take different rows without
     * waiting, and the rows stay locked until commit, so each one's {@code used} is what was read plus one. At
     * most {@code maxRowsInFlight} rows are being claimed by this store at once: row locks live in InnoDB's
     * buffer pool, and enough of them at once make the server refuse every lock (error 1206) or abort.
     */
    static ClaimLocking skipLocked(int maxRowsInFlight, Duration wait) {
        Semaphore rowsInFlight = new Semaphore(maxRowsInFlight, true);
        return new ClaimLocking() {
            @Override
            public <T> T around(int rows, Supplier<T> claim) {
                int permits = Math.min(rows, maxRowsInFlight);
                try {
                    if (!rowsInFlight.tryAcquire(permits, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new StoreBusyException("the datasets store is busy with other claims; try again shortly", null);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreBusyException("interrupted while waiting to claim", e);
                }
                try {
                    return claim.get();
                } finally {
                    rowsInFlight.release(permits);
                }
            }

            @Override
            public <T> T withinUnit(int rows, Supplier<T> claim) {
                return around(rows, claim);
            }

            @Override
            public boolean skipsLocked() {
                return true;
            }

            @Override
            public List<Trajectory> take(ClaimRows rows, Connection connection, ClaimRequest request, Instant now, int spread,
                                      RowClaim claim) throws SQLException {
                List<TrajectoryRow> taken = ClaimStatements.select(rows, request, true, now, spread,
                        spread > 1 ? ClaimStatements.Stripe.of(connection) : ClaimStatements.Stripe.ONE);
                if (taken.isEmpty() || !request.enough(taken.size())) {
                    return List.of();
                }
                claim.all(taken);
                return List.copyOf(TrajectoryRowMapper.INSTANCE.toTrajectories(taken));
            }
        };
    }

    /**
     * One claim at a time in this process, each row counted only if no other writer changed it since it was read:
     * embedded H2, where {@code FOR UPDATE} locks every row read before {@code LIMIT} applies.
     */
    static ClaimLocking serialized() {
        ReentrantLock lock = new ReentrantLock(true);
        return new ClaimLocking() {
            @Override
            public <T> T around(int rows, Supplier<T> claim) {
                lock.lock();
                try {
                    return claim.get();
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public <T> T withinUnit(int rows, Supplier<T> claim) {
                return claim.get();
            }

            @Override
            public boolean skipsLocked() {
                return false;
            }

            @Override
            public List<Trajectory> take(ClaimRows rows, Connection connection, ClaimRequest request, Instant now, int spread,
                                      RowClaim claim) throws SQLException {
                // One process: no other node's claimers to spread away from.
                List<TrajectoryRow> read = ClaimStatements.select(rows, request, false, now, 1, ClaimStatements.Stripe.ONE);
                if (read.isEmpty() || !request.enough(read.size())) {
                    return List.of();
                }
                Savepoint before = connection.setSavepoint();
                List<TrajectoryRow> claimed = new ArrayList<>();
                for (TrajectoryRow row : read) {
                    if (claim.ifUnchanged(row)) {
                        claimed.add(row);
                    }
                }
                if (!request.enough(claimed.size())) {
                    connection.rollback(before);
                    return List.of();
                }
                return List.copyOf(TrajectoryRowMapper.INSTANCE.toTrajectories(claimed));
            }
        };
    }
}
