package dev.trajectorydatasets.domain;

/**
 * Root of every failure this system reports. Unchecked: callers catch the subtype they can act on.
 */
public abstract class DatasetException extends RuntimeException {

    protected DatasetException(String message) {
        super(message);
    }

    protected DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
