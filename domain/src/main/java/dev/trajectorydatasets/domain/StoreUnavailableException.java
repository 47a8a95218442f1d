package dev.trajectorydatasets.domain;

/**
 * The store cannot be reached right now (database down, pool exhausted, timeout). Retrying later may succeed;
 * nothing of the failed operation was kept.
 */
public final class StoreUnavailableException extends DatasetException {

    private final boolean databaseDown;

    /** The database could not be reached (down, or not answering). */
    public StoreUnavailableException(String message, Throwable cause) {
        this(message, cause, true);
    }

    /** {@code databaseDown} false: the database answers, but no connection was free in time (a busy pool). */
    public StoreUnavailableException(String message, Throwable cause, boolean databaseDown) {
        super(message, cause);
        this.databaseDown = databaseDown;
    }

    /** Whether the database itself could not be reached, rather than every connection to it being busy. */
    public boolean databaseDown() {
        return databaseDown;
    }
}
