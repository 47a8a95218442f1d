package dev.trajectorydatasets.domain;

/**
 * The store kept choosing this operation as the victim of a lock conflict (a deadlock or a lock-wait timeout)
 * and it was retried as often as allowed. Nothing of it was kept; retrying after a short wait may succeed.
 */
public final class StoreBusyException extends DatasetException {

    public StoreBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
