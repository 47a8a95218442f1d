package dev.trajectorydatasets.domain.lease;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.TrajectoryId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule for acknowledging and releasing a lease's rows, applied by every store to the lease and the rows it
 * holds locked. A row is still the holder's when the row's hold names the lease and either the lease has not run
 * out or nobody changed the row's {@code used} since the lease took it: only then is it counted (while below the
 * cap) or given back. Rows acknowledged or released before are left as they are and reported unchanged: the holder
 * settled them already (a released row acknowledged later is not counted, and nothing was lost).
 */
public final class LeaseSettling {

    public enum Action { ACKNOWLEDGE, RELEASE }

    /** A leased row as it stands, and its hold (null when it has none). */
    public record Current(Trajectory record, LeaseHold hold) {
    }

    /**
     * What to write: {@code counted} (the records after one more use; their hold ends), {@code freed} (ids whose hold
     * ends, uncounted), {@code items} (the lease's rows whose state changes) and the answer.
     */
    public record Plan(List<Trajectory> counted, List<Long> freed, List<LeaseItem> items, LeaseSettlement settlement) {

        /** Whether any row's hold ends (rows may have become eligible for other claims). */
        public boolean freesRows() {
            return !counted.isEmpty() || !freed.isEmpty();
        }
    }

    private LeaseSettling() {
    }

    /**
     * @param only    the rows to settle, by trajectory id; every row of the lease when empty. Each must be a row of the
     *                lease.
     * @param current the lease's rows that still exist, by record id, as they stand (locked)
     */
    public static Plan plan(Lease lease, Action action, Optional<List<TrajectoryId>> only, Map<Long, Current> current, Instant now) {
        DatasetRules.required("lease", lease);
        DatasetRules.required("action", action);
        DatasetRules.required("only", only);
        List<LeaseItem> asked = asked(lease, only);
        List<Trajectory> counted = new ArrayList<>();
        List<Long> freed = new ArrayList<>();
        List<LeaseItem> items = new ArrayList<>();
        List<Trajectory> settled = new ArrayList<>();
        List<TrajectoryId> unchanged = new ArrayList<>();
        List<TrajectoryId> lost = new ArrayList<>();
        LeaseItemState target = action == Action.ACKNOWLEDGE ? LeaseItemState.ACKNOWLEDGED : LeaseItemState.RELEASED;
        for (LeaseItem item : asked) {
            if (item.state() != LeaseItemState.HELD) {
                boolean nothingToDo = item.state() == target || item.state() == LeaseItemState.ACKNOWLEDGED
                        || item.state() == LeaseItemState.RELEASED;
                (nothingToDo ? unchanged : lost).add(item.trajectoryId());
                continue;
            }
            Current row = current.get(item.datasetId());
            if (row == null || !stillHeld(lease, item, row, now)) {
                items.add(item.in(LeaseItemState.LOST));
                lost.add(item.trajectoryId());
            } else if (action == Action.RELEASE) {
                freed.add(item.datasetId());
                items.add(item.in(LeaseItemState.RELEASED));
                settled.add(row.record());
            } else if (row.record().used() >= lease.usedCeiling()) {
                freed.add(item.datasetId());
                items.add(item.in(LeaseItemState.LOST));
                lost.add(item.trajectoryId());
            } else {
                Trajectory after = row.record().usedTimes(row.record().used() + 1);
                counted.add(after);
                items.add(item.in(LeaseItemState.ACKNOWLEDGED));
                settled.add(after);
            }
        }
        return new Plan(counted, freed, items, new LeaseSettlement(lease.id(), lease.runId(), settled, unchanged, lost));
    }

    /** Whether the row still belongs to the lease: its hold names it, and it is live or nobody changed the row since. */
    static boolean stillHeld(Lease lease, LeaseItem item, Current row, Instant now) {
        return row.hold() != null && row.hold().leaseId().equals(lease.id())
                && (row.hold().holdsAt(now) || row.record().used() == item.usedAtLease());
    }

    /** The lease's rows asked for, in the lease's order; each asked id once. */
    private static List<LeaseItem> asked(Lease lease, Optional<List<TrajectoryId>> only) {
        if (only.isEmpty()) {
            return lease.items();
        }
        Map<TrajectoryId, LeaseItem> byId = new LinkedHashMap<>();
        lease.items().forEach(item -> byId.put(item.trajectoryId(), item));
        List<TrajectoryId> strangers = new ArrayList<>();
        List<LeaseItem> asked = new ArrayList<>();
        for (TrajectoryId id : new LinkedHashSet<>(only.get())) {
            LeaseItem item = byId.get(DatasetRules.required("trajectoryIds", id));
            if (item == null) {
                strangers.add(id);
            } else {
                asked.add(item);
            }
        }
        if (!strangers.isEmpty()) {
            throw new InvalidInputException("trajectoryIds", "not rows of lease " + lease.id() + ": "
                    + String.join(", ", strangers.stream().limit(10).map(TrajectoryId::value).toList())
                    + (strangers.size() > 10 ? " and " + (strangers.size() - 10) + " more" : ""));
        }
        return asked;
    }

    /** What extending a lease does: the lease with its new expiry, and the rows whose hold moves with it (by id). */
    public record Extension(Lease lease, List<Long> rows) {
        public Extension {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Extends {@code lease} to {@code terms} from {@code now}, as every store does: refused once it has run out; the
     * rows it still holds ({@code holds}: the hold on each of its held rows that still exists) are held until then.
     *
     * @throws LeaseExpiredException when the lease has run out already
     */
    public static Extension extend(Lease lease, LeaseTerms terms, Instant now, Map<Long, LeaseHold> holds) {
        if (lease.expiredAt(now)) {
            throw new LeaseExpiredException(lease.id(), lease.expiresAt());
        }
        List<Long> ours = new ArrayList<>();
        for (LeaseItem item : lease.items()) {
            LeaseHold hold = holds.get(item.datasetId());
            if (item.state() == LeaseItemState.HELD && hold != null && hold.leaseId().equals(lease.id())) {
                ours.add(item.datasetId());
            }
        }
        ours.sort(null);
        return new Extension(lease.expiringAt(terms.expiryFrom(now)), ours);
    }
}
