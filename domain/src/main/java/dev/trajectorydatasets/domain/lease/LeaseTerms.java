package dev.trajectorydatasets.domain.lease;

import dev.trajectorydatasets.domain.InvalidInputException;
import java.time.Duration;
import java.time.Instant;

/** How long a lease holds its rows: 1 to {@value #MAX_SECONDS} seconds from when it is made or extended. */
public record LeaseTerms(int seconds) {

    public static final int MAX_SECONDS = 86_400;

    public LeaseTerms {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new InvalidInputException("leaseSeconds", "must be between 1 and " + MAX_SECONDS + ", was " + seconds);
        }
    }

    /** A lease of {@code seconds} seconds (1 to {@value #MAX_SECONDS}). */
    public static LeaseTerms seconds(int seconds) {
        return new LeaseTerms(seconds);
    }

    /** How long the lease holds its rows. */
    public Duration length() {
        return Duration.ofSeconds(seconds);
    }

    /** When a lease made or extended at {@code now} runs out. */
    public Instant expiryFrom(Instant now) {
        return now.plusSeconds(seconds);
    }
}
