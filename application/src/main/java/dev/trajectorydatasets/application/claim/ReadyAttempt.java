package dev.trajectorydatasets.application.claim;

import java.util.Optional;

/**
 * One try of a claim that waits for enough data: its answer when it took something, empty when it took nothing and
 * may try again (it must then have changed nothing). On the {@code last} try it answers whatever it found.
 */
@FunctionalInterface
public interface ReadyAttempt<T> {

    /** One try: the answer when enough was there (or {@code last} is true: answer whatever there is), else empty. */
    Optional<T> attempt(boolean last);

    /**
     * Whether whoever waits for the answer has gone (an HTTP client that closed its connection): the claim is then
     * not tried again and fails with {@link ClaimAbandonedException}. Checked before every try and about twice a
     * second while it waits; must be cheap and must not block.
     */
    default boolean abandoned() {
        return false;
    }
}
