package dev.trajectorydatasets.application.claim;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.lease.LeaseSettlement;
import dev.trajectorydatasets.domain.lease.Leased;

import java.util.Optional;

/**
 * A trainer's next step: what acknowledging the previous step's lease counted (when one was named; committed before
 * the step was taken or waited for) and the rows now leased for this step.
 */
public record TrainerStep<T>(Optional<LeaseSettlement> acknowledged, Leased<T> leased) {

    /** Checks that both parts are given. */
    public TrainerStep {
        DatasetRules.required("acknowledged", acknowledged);
        DatasetRules.required("leased", leased);
    }
}
