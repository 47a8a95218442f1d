package dev.trajectorydatasets.application;

import java.util.Optional;

/**
 * One try of a claim that waits for enough data: its answer when it took something, empty when it took nothing and
 * may try again (it must then have changed nothing). On the {@code last} try it answers whatever it found.
 */
@FunctionalInterface
public interface ReadyAttempt<T> {

    Optional<T> attempt(boolean last);
}
