package dev.trajectorydatasets.adapter.inmemory.shared;

import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseHold;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * One view of the tables: the store itself, or one unit of work (with the journal that undoes it), or either
 * attributed to an origin. The helpers every capability writes through: they journal what they change.
 */
public final class Unit {

    public final Tables state;
    /** Undo actions of the unit of work this view belongs to; null for the store itself. */
    public final Deque<Runnable> undo;
    /** Who causes this view's changes: written on its usage events. */
    public final UsageOrigin origin;
    /** What times usage events and leases. */
    public final Clock clock;

    public Unit(Tables state, Deque<Runnable> undo, UsageOrigin origin, Clock clock) {
        this.state = state;
        this.undo = undo;
        this.origin = origin;
        this.clock = clock;
    }

    /** This view, its events carrying {@code given}. */
    public Unit withOrigin(UsageOrigin given) {
        return new Unit(state, undo, given, clock);
    }

    /** The counts this view's uses, claims and leases read and write: its origin's consumer group's. */
    public Counts counts() {
        return countsOf(origin.group());
    }

    public Counts countsOf(ConsumerGroup group) {
        return group.isDefault() ? new DefaultCounts() : new GroupView(this, group);
    }

    /** The group of the run, made one (with every count 0) when it is not yet. */
    public GroupCounts declare(RunId run, ConsumerGroup group) {
        NavigableMap<String, GroupCounts> ofRun = state.groups.computeIfAbsent(run, r -> new TreeMap<>());
        GroupCounts counts = ofRun.get(group.name());
        if (counts == null) {
            GroupCounts made = new GroupCounts();
            ofRun.put(group.name(), made);
            journal(() -> forget(run, group));
            counts = made;
        }
        return counts;
    }

    /** Drops the group of the run (journaled by the caller). */
    public void forget(RunId run, ConsumerGroup group) {
        NavigableMap<String, GroupCounts> ofRun = state.groups.get(run);
        if (ofRun != null) {
            ofRun.remove(group.name());
            if (ofRun.isEmpty()) {
                state.groups.remove(run);
            }
        }
    }

    /** The default group: the records' own used and holds. */
    private final class DefaultCounts implements Counts {
        @Override
        public Trajectory seen(Trajectory record) {
            return record;
        }

        @Override
        public LeaseHold hold(long recordId) {
            return state.holds.get(recordId);
        }

        @Override
        public Iterable<Trajectory> leastUsed(Optional<RunId> run) {
            return state.leastUsed.inOrder(run);
        }

        @Override
        public Trajectory set(Trajectory seen, int used) {
            return replace(state.byId.get(seen.id()), seen.usedTimes(used));
        }

        @Override
        public void setHold(long recordId, LeaseHold hold) {
            Unit.this.setHold(recordId, hold);
        }
    }

    /** Appends the usage event of a change of {@code change} to {@code after}'s {@code used}; none when 0. */
    public Trajectory counted(Trajectory after, int change, UsageKind kind) {
        if (change != 0) {
            UsageEvent event = UsageEvent.of(after, change, kind, clock.instant(), origin).numbered(state.nextEventId++);
            state.addEvent(event);
            journal(() -> state.removeEvent(event));
        }
        return after;
    }

    /** Writes an event as given (a restored history: its time, kind, key and consumer kept), numbered as the next one. */
    public void recorded(UsageEvent given) {
        UsageEvent event = given.numbered(state.nextEventId++);
        state.addEvent(event);
        journal(() -> state.removeEvent(event));
    }

    /** Removes the records and their usage events. */
    public void removeWithHistory(List<Trajectory> removed) {
        List<UsageEvent> history = new ArrayList<>();
        Map<Long, LeaseHold> holds = new HashMap<>();
        for (Trajectory dataset : removed) {
            LeaseHold hold = state.setHold(dataset.id(), null);
            state.remove(dataset);
            if (hold != null) {
                holds.put(dataset.id(), hold);
            }
            NavigableMap<Long, UsageEvent> events = state.historyOf.get(dataset.trajectoryId());
            if (events != null) {
                history.addAll(events.values());
            }
        }
        history.forEach(state::removeEvent);
        removed.forEach(dataset -> dataset.runId().ifPresent(run -> moveGroups(dataset.id(), run, Optional.empty())));
        journal(() -> {
            removed.forEach(state::put);
            history.forEach(state::addEvent);
            holds.forEach(state::setHold);
        });
    }

    public Trajectory replace(Trajectory current, Trajectory changed) {
        if (current.runId().isPresent() && !current.runId().equals(changed.runId())) {
            moveGroups(current.id(), current.runId().get(), changed.runId());
        }
        state.remove(current);
        Trajectory next = state.put(changed);
        journal(() -> {
            state.remove(next);
            state.put(current);
        });
        return next;
    }

    /**
     * A record leaves run {@code from}: its counts and holds in the run's groups go with it to the same-named groups of
     * run {@code to}; those of groups {@code to} does not have are forgotten.
     */
    private void moveGroups(long recordId, RunId from, Optional<RunId> to) {
        NavigableMap<String, GroupCounts> ofRun = state.groups.get(from);
        if (ofRun == null) {
            return;
        }
        for (Map.Entry<String, GroupCounts> entry : List.copyOf(ofRun.entrySet())) {
            GroupCounts source = entry.getValue();
            int used = source.set(recordId, 0);
            LeaseHold hold = source.setHold(recordId, null);
            journal(() -> {
                source.set(recordId, used);
                source.setHold(recordId, hold);
            });
            GroupCounts target = to.isPresent() ? state.groupOf(to.get(), ConsumerGroup.of(entry.getKey())) : null;
            if (target != null && (used != 0 || hold != null)) {
                int targetUsed = target.set(recordId, used);
                LeaseHold targetHold = target.setHold(recordId, hold);
                journal(() -> {
                    target.set(recordId, targetUsed);
                    target.setHold(recordId, targetHold);
                });
            }
        }
    }

    /** The record was re-rolled: its counts in every group of its run go back to 0, with a {@code REROLL} event where it had any. */
    public void rerolledInGroups(Trajectory after) {
        NavigableMap<String, GroupCounts> ofRun = after.runId().map(state.groups::get).orElse(null);
        if (ofRun == null) {
            return;
        }
        for (Map.Entry<String, GroupCounts> entry : ofRun.entrySet()) {
            GroupCounts counts = entry.getValue();
            int used = counts.set(after.id(), 0);
            LeaseHold hold = counts.setHold(after.id(), null);
            journal(() -> {
                counts.set(after.id(), used);
                counts.setHold(after.id(), hold);
            });
            if (used != 0) {
                recorded(UsageEvent.of(after, -used, UsageKind.REROLL, clock.instant(), origin.inGroup(ConsumerGroup.of(entry.getKey()))));
            }
        }
    }

    /** Remembers how to undo a change, when inside a unit of work; newest first. */
    public void journal(Runnable undoAction) {
        if (undo != null) {
            undo.push(undoAction);
        }
    }

    public <T> T read(Supplier<T> action) {
        return locked(state.lock.readLock(), action);
    }

    public <T> T write(Supplier<T> action) {
        return locked(state.lock.writeLock(), action);
    }

    private static <T> T locked(Lock lock, Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    public void putLease(Lease lease) {
        Lease before = state.leases.put(lease.id().value(), lease);
        if (before == null || !before.expiresAt().equals(lease.expiresAt())) {
            addEnd(lease.expiresAt(), lease.runId());
        }
        journal(() -> {
            if (before == null) {
                state.leases.remove(lease.id().value());
            } else {
                state.leases.put(lease.id().value(), before);
            }
        });
    }

    /** Notes a moment rows of {@code run} may become free: a lease's expiry, or a settlement that gave rows back. */
    public void addEnd(Instant at, Optional<RunId> run) {
        List<Optional<RunId>> ends = state.leaseEnds.computeIfAbsent(at, moment -> new ArrayList<>());
        ends.add(run);
        journal(() -> {
            ends.remove(ends.size() - 1);
            if (ends.isEmpty()) {
                state.leaseEnds.remove(at);
            }
        });
    }

    /** Sets (or, with null, ends) a record's hold. */
    public void setHold(long recordId, LeaseHold hold) {
        LeaseHold before = state.setHold(recordId, hold);
        journal(() -> state.setHold(recordId, before));
    }
}
