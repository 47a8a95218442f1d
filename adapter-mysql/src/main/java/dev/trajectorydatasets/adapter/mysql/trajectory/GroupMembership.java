package dev.trajectorydatasets.adapter.mysql.trajectory;

import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRows;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRuns;
import dev.trajectorydatasets.adapter.mysql.shared.HistoryStatements;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a record's consumer groups follow when it is created, moved, changed, re-rolled or deleted (issue 32): every
 * record of a run has a row in each of the run's groups. Whatever adds records to a run or takes them out holds the
 * run's lock shared first (see {@link ConsumerGroupRows#enterRun}), so a group declared meanwhile counts exactly the
 * records that are in the run.
 */
final class GroupMembership {

    private final SqlContext context;

    GroupMembership(SqlContext context) {
        this.context = context;
    }

    /** Locks the runs (in run order) and returns each one's groups: call before inserting records into them. */
    Map<RunId, List<Integer>> enter(List<Optional<RunId>> runs) throws SQLException {
        TreeMap<String, RunId> sorted = new TreeMap<>();
        runs.forEach(run -> run.ifPresent(id -> sorted.put(id.value(), id)));
        Map<RunId, List<Integer>> groups = new HashMap<>();
        for (RunId run : sorted.values()) {
            groups.put(run, ConsumerGroupRuns.enterRun(context.connection(), context.dialect, run));
        }
        return groups;
    }

    /** Gives the records just inserted their rows in their runs' groups (as {@link #enter} returned them). */
    void created(Map<RunId, List<Integer>> groups, List<Trajectory> records) throws SQLException {
        Map<RunId, List<Trajectory>> byRun = new HashMap<>();
        for (Trajectory record : records) {
            record.runId().filter(run -> !groups.getOrDefault(run, List.of()).isEmpty())
                    .ifPresent(run -> byRun.computeIfAbsent(run, r -> new ArrayList<>()).add(record));
        }
        for (Map.Entry<RunId, List<Trajectory>> run : byRun.entrySet()) {
            ConsumerGroupRuns.addRows(context.connection(), groups.get(run.getKey()), run.getValue());
        }
    }

    /**
     * The record (locked) changed from {@code before} to {@code after}: moved to another run, its counts go to the
     * groups of the same names there (the others' are dropped); a new model version is carried to its rows; re-rolled,
     * its counts in every group go back to 0, with a {@code REROLL} event per group where it had any.
     */
    void changed(Trajectory before, Trajectory after, boolean rerolled) throws SQLException {
        if (!before.runId().equals(after.runId())) {
            moved(before, after);
            return;
        }
        if (before.runId().isEmpty() || (before.modelVersion() == after.modelVersion() && !rerolled)) {
            return;
        }
        List<ConsumerGroupRuns.Group> groups = ConsumerGroupRuns.ofRun(context.connection(), before.runId().get());
        for (ConsumerGroupRuns.Group group : groups) {
            if (rerolled) {
                ConsumerGroupRows.Count count = ConsumerGroupRows.lock(context.connection(), group.id(), List.of(after.id())).get(after.id());
                if (count != null && count.used() != 0) {
                    UsageOrigin origin = context.origin.inGroup(group.group());
                    HistoryStatements.insertHistory(context.connection(), List.of(after.id()),
                            List.of(UsageEvent.of(after, -count.used(), UsageKind.REROLL, context.clock.instant(), origin)));
                }
            }
        }
        ConsumerGroupRuns.follow(context.connection(), groups.stream().map(ConsumerGroupRuns.Group::id).toList(), after.id(),
                after.modelVersion(), rerolled);
    }

    private void moved(Trajectory before, Trajectory after) throws SQLException {
        Map<String, ConsumerGroupRows.Count> carried = new HashMap<>();
        if (before.runId().isPresent()) {
            ConsumerGroupRuns.enterRun(context.connection(), context.dialect, before.runId().get());
            List<Integer> left = new ArrayList<>();
            for (ConsumerGroupRuns.Group group : ConsumerGroupRuns.ofRun(context.connection(), before.runId().get())) {
                ConsumerGroupRows.Count count = ConsumerGroupRows.lock(context.connection(), group.id(), List.of(before.id())).get(before.id());
                if (count != null) {
                    carried.put(group.group().name(), count);
                }
                left.add(group.id());
            }
            ConsumerGroupRuns.removeRows(context.connection(), left, List.of(before.id()));
        }
        if (after.runId().isPresent()) {
            List<Integer> joined = ConsumerGroupRuns.enterRun(context.connection(), context.dialect, after.runId().get());
            ConsumerGroupRuns.addRows(context.connection(), joined, List.of(after));
            for (ConsumerGroupRuns.Group group : ConsumerGroupRuns.ofRun(context.connection(), after.runId().get())) {
                ConsumerGroupRows.Count count = carried.get(group.group().name());
                if (count != null && (count.used() != 0 || count.leaseId() != null)) {
                    ConsumerGroupRows.setUsed(context.connection(), group.id(), Map.of(after.id(), count.used()), false);
                    ConsumerGroupRows.hold(context.connection(), group.id(), List.of(after.id()), count.leaseId(), count.leasedUntil());
                }
            }
        }
    }

    /** Takes the records (about to be deleted, all of {@code run}) out of the run's groups. */
    void leaving(RunId run, List<Long> ids) throws SQLException {
        List<Integer> groups = ConsumerGroupRuns.enterRun(context.connection(), context.dialect, run);
        ConsumerGroupRuns.removeRows(context.connection(), groups, ids);
    }
}
