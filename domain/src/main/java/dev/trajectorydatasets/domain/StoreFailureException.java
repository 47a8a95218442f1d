package dev.trajectorydatasets.domain;

/**
 * The store failed in a way the caller did not cause and a retry will not fix. Nothing of the failed
 * operation was kept.
 */
public final class StoreFailureException extends DatasetException {

    public StoreFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
