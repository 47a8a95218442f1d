package dev.trajectorydatasets.adapter.inmemory.shared;

import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.lease.LeaseHold;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The counts of a consumer group other than the default, each record's in the group of its run. */
final class GroupView implements Counts {

    private final Unit unit;
    private final ConsumerGroup group;

    GroupView(Unit unit, ConsumerGroup group) {
        this.unit = unit;
        this.group = group;
    }

    @Override
    public Trajectory seen(Trajectory record) {
        GroupCounts counts = unit.state.groupOf(runOf(record), group);
        int used = counts == null ? 0 : counts.used(record.id());
        return used == record.used() ? record : record.usedTimes(used);
    }

    @Override
    public LeaseHold hold(long recordId) {
        Trajectory record = unit.state.byId.get(recordId);
        GroupCounts counts = record == null ? null : unit.state.groupOf(runOf(record), group);
        return counts == null ? null : counts.hold(recordId);
    }

    /** A sort of the run's records, not an index: the in-memory store serves tests, not runs of millions. */
    @Override
    public Iterable<Trajectory> leastUsed(Optional<RunId> run) {
        RunId named = run.orElseThrow(() -> new InvalidInputException("runId",
                "a claim in consumer group " + group + " names its run"));
        GroupCounts counts = unit.state.groupOf(named, group);
        List<Trajectory> seen = new ArrayList<>();
        unit.state.candidates(run).all().forEach(record -> seen.add(seen(record)));
        Comparator<Trajectory> order = Comparator.comparingInt(Trajectory::used)
                .thenComparing((Trajectory record) -> counts == null ? null : counts.hold(record.id()),
                        Comparator.nullsFirst(Comparator.comparing(LeaseHold::until, Comparator.<Instant>naturalOrder())))
                .thenComparingLong(Trajectory::id);
        seen.sort(order);
        return seen;
    }

    @Override
    public Trajectory set(Trajectory seen, int used) {
        GroupCounts counts = unit.declare(runOf(seen), group);
        long id = seen.id();
        int before = counts.set(id, used);
        unit.journal(() -> counts.set(id, before));
        return seen.usedTimes(used);
    }

    @Override
    public void setHold(long recordId, LeaseHold hold) {
        GroupCounts counts = unit.declare(runOf(unit.state.byId.get(recordId)), group);
        LeaseHold before = counts.setHold(recordId, hold);
        unit.journal(() -> counts.setHold(recordId, before));
    }

    private RunId runOf(Trajectory record) {
        return record.runId().orElseThrow(() -> new InvalidInputException("consumerGroup",
                "trajectory " + record.trajectoryId() + " is in no run, so it is counted in the default group only"));
    }
}
