package dev.trajectorydatasets.domain.lease;

import dev.trajectorydatasets.domain.DatasetRules;
import java.util.Optional;

/**
 * What a leasing claim took ({@code taken}: the records as they are, their use not counted) and the lease that holds
 * them; no lease when it took nothing.
 */
public record Leased<T>(T taken, Optional<LeaseTicket> lease) {

    public Leased {
        DatasetRules.required("taken", taken);
        DatasetRules.required("lease", lease);
    }
}
