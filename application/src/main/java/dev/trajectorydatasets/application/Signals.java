package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.RunId;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where a manager says that records may have become eligible for claims (created, updated, given back), so that
 * waiting claims try again: at once, or, inside a unit of work, once it has committed.
 */
interface Signals {

    /** Records of {@code run} may have become eligible; empty: of any run, or records without one. */
    void changed(Optional<RunId> run);

    /** Holds what a unit of work signals until it commits ({@link #flushTo}); a unit that fails signals nothing. */
    final class Deferred implements Signals {
        private final Set<Optional<RunId>> runs = new LinkedHashSet<>();

        @Override
        public synchronized void changed(Optional<RunId> run) {
            runs.add(run);
        }

        synchronized void flushTo(Signals next) {
            runs.forEach(next::changed);
            runs.clear();
        }
    }
}
