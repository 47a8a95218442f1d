package dev.trajectorydatasets.domain;

import java.util.Set;

/**
 * What happened since a mark that may have made records eligible for a claim: records were created, or leases
 * ran out or gave rows back. {@code runs}: the runs concerned; {@code outsideRuns}: records or leases without a
 * run were concerned too. {@code next}: the mark to ask from next time.
 */
public record StoreActivity(Set<RunId> runs, boolean outsideRuns, ActivityMark next) {

    public StoreActivity {
        runs = Set.copyOf(DatasetRules.required("runs", runs));
        DatasetRules.required("next", next);
    }

    public boolean any() {
        return outsideRuns || !runs.isEmpty();
    }
}
