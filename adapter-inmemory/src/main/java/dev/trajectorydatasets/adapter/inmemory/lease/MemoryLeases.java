package dev.trajectorydatasets.adapter.inmemory.lease;

import dev.trajectorydatasets.adapter.inmemory.shared.Counts;
import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseHold;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseItem;
import dev.trajectorydatasets.domain.lease.LeaseNotFoundException;
import dev.trajectorydatasets.domain.lease.LeaseSettlement;
import dev.trajectorydatasets.domain.lease.LeaseSettling;
import dev.trajectorydatasets.domain.lease.LeaseStore;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Leases in memory, settled as {@code LeaseSettling} plans.
 */
public final class MemoryLeases implements LeaseStore {

    private final Unit unit;
    private final Tables state;

    public MemoryLeases(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public Optional<Lease> find(LeaseId id) {
        return unit.read(() -> Optional.ofNullable(state.leases.get(id.value())));
    }

    @Override
    public List<Lease> ofConsumer(String consumer, Optional<LeaseId> after, int limit, Optional<Instant> runningAt) {
        DatasetRules.required("consumer", consumer);
        return unit.read(() -> state.leases.tailMap(after.map(LeaseId::value).orElse(0L), false).values().stream()
                .filter(lease -> lease.consumer().filter(consumer::equals).isPresent())
                .filter(lease -> runningAt.map(now -> !lease.expiredAt(now)).orElse(true))
                .limit(limit).toList());
    }

    @Override
    public LeaseSettlement acknowledge(LeaseId id, Optional<List<TrajectoryId>> only) {
        return settle(id, LeaseSettling.Action.ACKNOWLEDGE, only);
    }

    @Override
    public LeaseSettlement release(LeaseId id, Optional<List<TrajectoryId>> only) {
        return settle(id, LeaseSettling.Action.RELEASE, only);
    }

    private LeaseSettlement settle(LeaseId id, LeaseSettling.Action action, Optional<List<TrajectoryId>> only) {
        return unit.write(() -> {
            Lease lease = existing(id);
            Counts counts = unit.countsOf(lease.group());
            Map<Long, LeaseSettling.Current> current = new HashMap<>();
            for (LeaseItem item : lease.items()) {
                Trajectory record = state.byId.get(item.datasetId());
                if (record != null) {
                    current.put(item.datasetId(), new LeaseSettling.Current(counts.seen(record), counts.hold(item.datasetId())));
                }
            }
            Instant now = unit.clock.instant();
            LeaseSettling.Plan plan = LeaseSettling.plan(lease, action, only, current, now);
            Unit acker = unit.withOrigin(unit.origin.withConsumer(unit.origin.consumer().or(lease::consumer)).inGroup(lease.group()));
            for (Trajectory after : plan.counted()) {
                acker.counted(counts.set(current.get(after.id()).record(), after.used()), 1, UsageKind.ACKNOWLEDGE);
                counts.setHold(after.id(), null);
            }
            plan.freed().forEach(record -> counts.setHold(record, null));
            if (!plan.items().isEmpty()) {
                unit.putLease(lease.withItems(plan.items()));
            }
            if (plan.freesRows()) {
                unit.addEnd(now, lease.runId());
            }
            return plan.settlement();
        });
    }

    @Override
    public Lease extend(LeaseId id, LeaseTerms terms) {
        return unit.write(() -> {
            Lease lease = existing(id);
            Counts counts = unit.countsOf(lease.group());
            Map<Long, LeaseHold> holds = new HashMap<>();
            lease.items().forEach(item -> holds.put(item.datasetId(), counts.hold(item.datasetId())));
            LeaseSettling.Extension extension = LeaseSettling.extend(lease, terms, unit.clock.instant(), holds);
            unit.putLease(extension.lease());
            extension.rows().forEach(row -> counts.setHold(row, new LeaseHold(id, extension.lease().expiresAt())));
            return extension.lease();
        });
    }

    @Override
    public int purge(Instant before, int limit) {
        return unit.write(() -> {
            List<Lease> old = state.leases.values().stream().filter(lease -> lease.expiresAt().isBefore(before)).limit(limit).toList();
            for (Lease lease : old) {
                state.leases.remove(lease.id().value());
            }
            state.leaseEnds.headMap(before, false).clear();
            return old.size();
        });
    }

    @Override
    public int deleteOfRun(RunId runId) {
        DatasetRules.required("runId", runId);
        return unit.write(() -> {
            List<Lease> ofRun = state.leases.values().stream().filter(lease -> lease.runId().equals(Optional.of(runId))).toList();
            for (Lease lease : ofRun) {
                state.leases.remove(lease.id().value());
                unit.journal(() -> state.leases.put(lease.id().value(), lease));
            }
            return ofRun.size();
        });
    }

    private Lease existing(LeaseId id) {
        Lease lease = state.leases.get(DatasetRules.required("leaseId", id).value());
        if (lease == null) {
            throw new LeaseNotFoundException(id);
        }
        return lease;
    }
}
