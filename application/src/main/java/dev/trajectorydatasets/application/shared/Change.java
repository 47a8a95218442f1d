package dev.trajectorydatasets.application.shared;

import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.lease.LeaseSettlement;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a write changed, as the use case that made it reports it to the {@link Publisher}. Each change tells, once
 * its unit of work has committed, the wait room which runs may have rows eligible now and the data metrics what
 * happened: a new write reports its change, and both follow from it.
 */
public interface Change {

    /** Tells {@code wake} the runs whose records may have become eligible and {@code activity} what happened. */
    void tell(Consumer<Optional<RunId>> wake, DataActivity activity);

    /** Records were created: their runs have more to claim. */
    record Created(List<Trajectory> records) implements Change {
        @Override
        public void tell(Consumer<Optional<RunId>> wake, DataActivity activity) {
            records.stream().map(Trajectory::runId).distinct().forEach(wake);
            activity.created(records.size());
        }
    }

    /** Records of {@code run} (empty: of any run) changed in ways that may make them eligible, or a checkpoint came. */
    record Updated(Optional<RunId> run) implements Change {
        @Override
        public void tell(Consumer<Optional<RunId>> wake, DataActivity activity) {
            wake.accept(run);
        }
    }

    /** Uses were counted directly ({@code recordUse}); {@code refused} trajectories were at their cap. */
    record Used(int uses, int refused) implements Change {
        @Override
        public void tell(Consumer<Optional<RunId>> wake, DataActivity activity) {
            activity.used(uses);
            activity.refused(refused);
        }
    }

    /** A claim of {@code kind} took {@code rows} (0: it found nothing); a counting claim counted a use of each. */
    record Taken(DataActivity.ClaimKind kind, int rows) implements Change {
        @Override
        public void tell(Consumer<Optional<RunId>> wake, DataActivity activity) {
            activity.claimed(kind, rows);
            if (kind == DataActivity.ClaimKind.CLAIM || kind == DataActivity.ClaimKind.GROUP_CLAIM) {
                activity.used(rows);
            }
        }
    }

    /** A lease's rows were settled: acknowledged (counted) or released (eligible again at once). */
    record Settled(DataActivity.Settlement how, LeaseSettlement settlement) implements Change {
        @Override
        public void tell(Consumer<Optional<RunId>> wake, DataActivity activity) {
            wake.accept(settlement.runId());
            activity.settled(how, settlement.settled().size());
            if (how == DataActivity.Settlement.ACKNOWLEDGED) {
                activity.used(settlement.settled().size());
            }
        }
    }

    /** Records were deleted. */
    record Deleted(int records) implements Change {
        @Override
        public void tell(Consumer<Optional<RunId>> wake, DataActivity activity) {
            activity.deleted(records);
        }
    }
}
