package dev.trajectorydatasets.adapter.inmemory.group;

import dev.trajectorydatasets.adapter.inmemory.shared.Counts;
import dev.trajectorydatasets.adapter.inmemory.shared.GroupCounts;
import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.group.ConsumerGroupStore;
import dev.trajectorydatasets.domain.group.GroupSummary;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/** Consumer groups in memory: each a {@link GroupCounts} of its run in {@link Tables#groups}. */
public final class MemoryConsumerGroups implements ConsumerGroupStore {

    private final Unit unit;
    private final Tables state;

    public MemoryConsumerGroups(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public GroupSummary declare(RunId run, ConsumerGroup group) {
        DatasetRules.required("run", run);
        return unit.write(() -> {
            if (!group.isDefault()) {
                unit.declare(run, group);
            }
            return summary(run, group);
        });
    }

    @Override
    public Optional<GroupSummary> find(RunId run, ConsumerGroup group) {
        return unit.read(() -> exists(run, group) ? Optional.of(summary(run, group)) : Optional.empty());
    }

    @Override
    public List<RunId> runs() {
        return unit.read(() -> state.groups.keySet().stream().sorted(java.util.Comparator.comparing(RunId::value)).toList());
    }

    @Override
    public List<GroupSummary> ofRun(RunId run) {
        return unit.read(() -> {
            List<GroupSummary> groups = new ArrayList<>();
            groups.add(summary(run, ConsumerGroup.DEFAULT));
            NavigableMap<String, GroupCounts> others = state.groups.get(run);
            if (others != null) {
                others.keySet().forEach(name -> groups.add(summary(run, ConsumerGroup.of(name))));
            }
            return List.copyOf(groups);
        });
    }

    @Override
    public boolean delete(RunId run, ConsumerGroup group) {
        if (group.isDefault()) {
            throw new InvalidInputException("consumerGroup", "the default group is the records' own count: it cannot be deleted");
        }
        return unit.write(() -> {
            GroupCounts counts = state.groupOf(run, group);
            if (counts == null) {
                return false;
            }
            unit.forget(run, group);
            unit.journal(() -> state.groups.computeIfAbsent(run, r -> new java.util.TreeMap<>()).put(group.name(), counts));
            for (Lease lease : List.copyOf(state.leases.values())) {
                if (lease.group().equals(group) && lease.runId().equals(Optional.of(run))) {
                    state.leases.remove(lease.id().value());
                    unit.journal(() -> state.leases.put(lease.id().value(), lease));
                }
            }
            return true;
        });
    }

    @Override
    public int deleteOfRun(RunId run) {
        return unit.write(() -> {
            NavigableMap<String, GroupCounts> groups = state.groups.remove(DatasetRules.required("run", run));
            if (groups == null) {
                return 0;
            }
            unit.journal(() -> state.groups.put(run, groups));
            return groups.size();
        });
    }

    private boolean exists(RunId run, ConsumerGroup group) {
        return group.isDefault() || state.groupOf(run, group) != null;
    }

    private GroupSummary summary(RunId run, ConsumerGroup group) {
        Counts counts = unit.countsOf(group);
        long used = 0;
        long unused = 0;
        long uses = 0;
        for (Trajectory record : state.candidates(Optional.of(run)).all()) {
            int count = counts.seen(record).used();
            uses += count;
            if (count > 0) {
                used++;
            } else {
                unused++;
            }
        }
        return new GroupSummary(run, group, used, unused, uses);
    }
}
