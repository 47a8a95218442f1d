package dev.trajectorydatasets.application.claim;

import dev.trajectorydatasets.domain.DatasetException;

/**
 * A waiting claim whose caller is gone (an HTTP client that closed its connection): it stopped waiting and took
 * nothing, or what it took was rolled back or given back. Nobody is left to read this.
 */
public final class ClaimAbandonedException extends DatasetException {

    /** The one message such a claim ends with. */
    public ClaimAbandonedException() {
        super("the claim's caller went away: it stopped waiting and took nothing");
    }
}
