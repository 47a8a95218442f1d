package dev.trajectorydatasets.domain;

/**
 * The store cannot be reached right now (database down, pool exhausted, timeout). Retrying later may succeed;
 * nothing of the failed operation was kept.
 */
public final class StoreUnavailableException extends DatasetException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
