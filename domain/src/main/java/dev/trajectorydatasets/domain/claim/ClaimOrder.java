package dev.trajectorydatasets.domain.claim;

import dev.trajectorydatasets.domain.trajectory.Trajectory;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which eligible records a claim takes first. Every store implements each order with an exhaustive switch, so a
 * new order fails to compile until every store handles it, and the contract checks each against {@link #reference()}.
 */
public enum ClaimOrder {
    /** Lowest {@code used} first, ties by id: spreads training evenly (the default). */
    LEAST_USED,
    /** Lowest id first: oldest registered first. */
    OLDEST,
    /** Highest id first: freshest first. */
    NEWEST,
    /** Uniformly at random among the eligible. */
    RANDOM;

    private static final Comparator<Trajectory> BY_ID = Comparator.comparingLong(Trajectory::id);

    /** The order a claim's records must come in; empty for {@link #RANDOM}, which has none. */
    public Optional<Comparator<Trajectory>> reference() {
        return switch (this) {
            case LEAST_USED -> Optional.of(Comparator.comparingInt(Trajectory::used).thenComparing(BY_ID));
            case OLDEST -> Optional.of(BY_ID);
            case NEWEST -> Optional.of(BY_ID.reversed());
            case RANDOM -> Optional.empty();
        };
    }
}
