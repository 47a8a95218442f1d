package dev.trajectorydatasets.domain.activity;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
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

    /** Nothing yet: where a poll starts from. */
    public static StoreActivity startingAt(ActivityMark next) {
        return new StoreActivity(Set.of(), false, next);
    }

    /**
     * The activity of what concerned {@code runs} (one entry per created record or ended lease, repeats allowed;
     * empty: it had no run), as every store folds it.
     */
    public static StoreActivity of(Collection<Optional<RunId>> runs, ActivityMark next) {
        Set<RunId> named = new HashSet<>();
        boolean outside = false;
        for (Optional<RunId> run : runs) {
            if (run.isPresent()) {
                named.add(run.get());
            } else {
                outside = true;
            }
        }
        return new StoreActivity(named, outside, next);
    }

    public boolean any() {
        return outsideRuns || !runs.isEmpty();
    }
}
