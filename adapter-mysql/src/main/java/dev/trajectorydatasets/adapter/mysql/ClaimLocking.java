package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.Dataset;

import dev.trajectorydatasets.domain.StoreBusyException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** How claims keep concurrent claimers apart; {@link DatasetStores} picks one per store, once. */
interface ClaimLocking {

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

    /** Takes the claimed rows inside the claim's transaction and counts one use of each. */
    List<Dataset> take(DatasetMapper mapper, Connection connection, ClaimRequest request) throws SQLException;

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
            public List<Dataset> take(DatasetMapper mapper, Connection connection, ClaimRequest request) throws SQLException {
                List<DatasetRow> rows = ClaimStatements.select(mapper, request, true);
                if (rows.isEmpty()) {
                    return List.of();
                }
                BulkStatements.addToUsed(connection, rows.stream().map(DatasetRow::getId).toList(), 1);
                rows.forEach(row -> row.setUsed(row.getUsed() + 1));
                return List.copyOf(DatasetRowMapper.INSTANCE.toDatasets(rows));
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
            public List<Dataset> take(DatasetMapper mapper, Connection connection, ClaimRequest request) {
                List<DatasetRow> claimed = new ArrayList<>();
                for (DatasetRow row : ClaimStatements.select(mapper, request, false)) {
                    if (mapper.incrementIfUnchanged(row.getId(), row.getUsed(), request) == 1) {
                        row.setUsed(row.getUsed() + 1);
                        claimed.add(row);
                    }
                }
                return List.copyOf(DatasetRowMapper.INSTANCE.toDatasets(claimed));
            }
        };
    }
}
