package dev.trajectorydatasets.application.shared;

import dev.trajectorydatasets.domain.RunId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one place a write's {@link Change} goes: to the wait room and the data metrics at once, or, inside a unit of
 * work, once it has committed ({@link Deferred}). A unit that fails publishes nothing; a unit the database rolled
 * back and ran again publishes only its last run.
 */
public interface Publisher {

    void publish(Change change);

    /** Tells {@code wake} and {@code activity} each change at once. */
    static Publisher to(Consumer<Optional<RunId>> wake, DataActivity activity) {
        return change -> change.tell(wake, activity);
    }

    /** Holds a unit of work's changes until it commits ({@link #flushTo}). */
    final class Deferred implements Publisher {
        private final List<Change> changes = new ArrayList<>();

        @Override
        public synchronized void publish(Change change) {
            changes.add(change);
        }

        synchronized void flushTo(Publisher next) {
            changes.forEach(next::publish);
            changes.clear();
        }
    }

    /**
     * The runs of one unit of work: a unit the database rolls back and runs again starts a new run, so only the run
     * that committed (the last) is published; none when no work ran (a replayed answer).
     */
    final class UnitRuns {
        private final AtomicReference<Deferred> last = new AtomicReference<>();

        public Publisher next() {
            Deferred run = new Deferred();
            last.set(run);
            return run;
        }

        public void publishTo(Publisher publisher) {
            Deferred run = last.get();
            if (run != null) {
                run.flushTo(publisher);
            }
        }
    }
}
