package dev.trajectorydatasets.application.shared.archfixture;

import dev.trajectorydatasets.application.claim.TrainerStep;

/** Breaks the rule on purpose: the application's shared package uses a feature (claims). */
public final class SharedReachingIntoAFeature {

    public String describe(TrainerStep<?> step) {
        return step.toString();
    }
}
