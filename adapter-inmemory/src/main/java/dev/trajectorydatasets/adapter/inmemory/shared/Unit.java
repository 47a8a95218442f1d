package dev.trajectorydatasets.adapter.inmemory.shared;

import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.UsageOrigin;
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
        journal(() -> {
            removed.forEach(state::put);
            history.forEach(state::addEvent);
            holds.forEach(state::setHold);
        });
    }

    public Trajectory replace(Trajectory current, Trajectory changed) {
        state.remove(current);
        Trajectory next = state.put(changed);
        journal(() -> {
            state.remove(next);
            state.put(current);
        });
        return next;
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
