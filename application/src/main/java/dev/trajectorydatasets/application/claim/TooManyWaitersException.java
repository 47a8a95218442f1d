package dev.trajectorydatasets.application.claim;

/** The server already holds as many waiting claims as it allows; try again shortly (or without waiting). */
public final class TooManyWaitersException extends RuntimeException {

    private final int limit;

    TooManyWaitersException(int limit) {
        super("the server already holds " + limit + " waiting claims; try again shortly, or claim without wait_ms");
        this.limit = limit;
    }

    /** How many claims may wait at once on this manager. */
    public int limit() {
        return limit;
    }
}
