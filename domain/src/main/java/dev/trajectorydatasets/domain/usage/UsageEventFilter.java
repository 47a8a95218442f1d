package dev.trajectorydatasets.domain.usage;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import java.time.Instant;
import java.util.Optional;

/**
 * Which usage events to list: of one trajectory, of the records now in one run, in a time range (inclusive), of one
 * consumer group; empty = any.
 */
public record UsageEventFilter(Optional<TrajectoryId> trajectoryId, Optional<RunId> runId, Optional<Instant> from,
                               Optional<Instant> to, Optional<ConsumerGroup> group) {

    public UsageEventFilter {
        DatasetRules.required("trajectoryId", trajectoryId);
        DatasetRules.required("runId", runId);
        DatasetRules.required("from", from).ifPresent(at -> DatasetRules.storable("from", at));
        DatasetRules.required("to", to).ifPresent(at -> DatasetRules.storable("to", at));
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new InvalidInputException("from", "must not be later than to");
        }
        DatasetRules.required("group", group);
    }

    /** Events of any consumer group. */
    public UsageEventFilter(Optional<TrajectoryId> trajectoryId, Optional<RunId> runId, Optional<Instant> from, Optional<Instant> to) {
        this(trajectoryId, runId, from, to, Optional.empty());
    }

    /** Only the events of {@code only} (the default group's: those of the records' own used). */
    public UsageEventFilter inGroup(ConsumerGroup only) {
        return new UsageEventFilter(trajectoryId, runId, from, to, Optional.of(DatasetRules.required("group", only)));
    }

    public static UsageEventFilter ofTrajectory(TrajectoryId trajectoryId) {
        return new UsageEventFilter(Optional.of(DatasetRules.required("trajectoryId", trajectoryId)), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public static UsageEventFilter ofRun(RunId runId) {
        return new UsageEventFilter(Optional.empty(), Optional.of(DatasetRules.required("runId", runId)), Optional.empty(), Optional.empty());
    }

    public UsageEventFilter between(Optional<Instant> start, Optional<Instant> end) {
        return new UsageEventFilter(trajectoryId, runId, start, end, group);
    }

    /**
     * Whether {@code event}, of a record now in {@code currentRun}, is selected: the reference meaning every store's
     * query must match.
     */
    public boolean matches(UsageEvent event, Optional<RunId> currentRun) {
        return trajectoryId.map(id -> id.equals(event.trajectoryId())).orElse(true)
                && runId.map(run -> currentRun.equals(Optional.of(run))).orElse(true)
                && from.map(at -> !event.at().isBefore(at)).orElse(true)
                && to.map(at -> !event.at().isAfter(at)).orElse(true)
                && group.map(event.group()::equals).orElse(true);
    }
}
