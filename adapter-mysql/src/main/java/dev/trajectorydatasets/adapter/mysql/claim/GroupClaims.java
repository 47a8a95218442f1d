package dev.trajectorydatasets.adapter.mysql.claim;

import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRow;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRowMapper;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.claim.GroupRules;
import dev.trajectorydatasets.domain.claim.TaskGroup;
import dev.trajectorydatasets.domain.claim.TaskOrder;
import dev.trajectorydatasets.domain.claim.TaskStanding;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * A group claim in SQL, inside the claim's transaction. Candidate tasks come in the claim's order: for
 * {@code oldest_task}/{@code newest_task} by walking the eligible entries of {@code idx_group_claim} in
 * {@code (created_at, id)} order (one cursor per value of {@code used} and fresh model version, merged here; each
 * task is met at its standing member, see {@link TaskStanding}); for {@code random}, every task with an eligible
 * member, shuffled. Candidates are judged in batches: each task's eligible members are added up in the database
 * (count, reward sum, rewards above 0) and judged by {@link GroupRules#admitsTask(long, double, long)}; of an admitted
 * task only the group is locked, in {@link GroupRules#MEMBER_ORDER} (its first {@code groupSize} members, plus one
 * of the missing kind for mixed rewards), passing rows other claims hold with SKIP LOCKED, so concurrent claims
 * take different groups of one task instead of one claim locking the whole task and the others finding it empty.
 * A task whose free members no longer make a group is passed. The claim stops as soon as it has {@code maxGroups};
 * the caller then counts every member with one UPDATE (or holds them for a lease). Rows a live lease holds are not
 * members.
 */
public final class GroupClaims {

    private static final TrajectoryRowMapper ROWS = TrajectoryRowMapper.INSTANCE;
    /** Up to this {@code max_used}, the member query lists the values of {@code used} (see the mapper). */
    static final int LISTED_USED_VALUES = 16;
    /**
     * Most narrow cursors one walk merges; beyond, one wide cursor that sorts the eligible rows for every page. Each
     * cursor starts with a small page that doubles as it is read, so a walk reads about what it judges plus
     * {@value #FIRST_PAGE} rows per cursor (issue 30: the wide cursor made a claim cost the square of the run).
     */
    static final int MAX_CURSORS = 256;
    private static final int FIRST_PAGE = 8;
    private static final int MAX_PAGE = 1_000;

    private GroupClaims() {
    }

    /** The groups the claim takes, their members locked and as they are (not counted yet). */
    static GroupClaim choose(Members mapper, GroupClaimRequest request, boolean skipLocked, Instant now) {
        RunId run = request.runId();
        GroupRules rules = rules(mapper, run, request.criteria());
        if (admitsNothing(rules)) {
            return GroupClaim.nothing(0);
        }
        List<Integer> usedValues = usedValues(rules);
        Iterator<TaskId> candidates = request.order() == TaskOrder.RANDOM
                ? shuffled(mapper.eligibleTaskIds(run, rules, usedValues, now))
                : new Walk(mapper, run, rules, request, skipLocked, now);
        List<TaskGroup> chosen = new ArrayList<>();
        while (chosen.size() < request.maxGroups() && candidates.hasNext()) {
            List<TaskId> batch = new ArrayList<>();
            while (batch.size() < request.maxGroups() - chosen.size() && candidates.hasNext()) {
                batch.add(candidates.next());
            }
            // Lock first: each candidate's first free group (MySQL/MariaDB: one statement for the batch, SKIP LOCKED,
            // so tasks other claims hold cost nothing more; H2, whose claims are serialised, one task at a time).
            int size = rules.criteria().groupSize();
            Map<TaskId, List<Trajectory>> locked = new HashMap<>();
            if (skipLocked) {
                for (TrajectoryRow row : mapper.lockGroups(run, rules, usedValues, batch, size, now)) {
                    locked.computeIfAbsent(row.getTaskId(), t -> new ArrayList<>()).add(ROWS.toTrajectory(row));
                }
            } else {
                for (TaskId task : batch) {
                    locked.put(task, rows(mapper.lockGroup(run, rules, usedValues, task, null, size, false, now)));
                }
            }
            List<TaskId> full = batch.stream().filter(task -> locked.getOrDefault(task, List.of()).size() >= size).toList();
            // Then judge the tasks held, by their eligible members added up, when the rules look past the group size.
            Map<TaskId, MemberTally> tallies = new HashMap<>();
            boolean judged = rules.criteria().needsReward();
            if (judged && !full.isEmpty()) {
                mapper.memberTallies(run, rules, usedValues, full, now).forEach(tally -> tallies.put(tally.taskId, tally));
            }
            for (TaskId task : full) {
                MemberTally tally = tallies.get(task);
                if (judged && (tally == null
                        || !rules.admitsTask(tally.members, tally.rewardSum == null ? 0 : tally.rewardSum, tally.positives))) {
                    continue;
                }
                List<Trajectory> group = completeGroup(mapper, run, rules, usedValues, task, locked.get(task), skipLocked, now);
                if (group != null) {
                    chosen.add(new TaskGroup(task, group));
                }
            }
        }
        if (chosen.size() < request.minGroups()) {
            // Every candidate was judged: what was admitted is every eligible task.
            return GroupClaim.nothing(chosen.size());
        }
        return GroupClaim.took(chosen);
    }

    /**
     * One group of an admitted task from its first {@code groupSize} free members in {@link GroupRules#MEMBER_ORDER},
     * locked: for mixed rewards one more member is locked, of the kind those lack; the group {@link GroupRules#pick}
     * makes of them, or null when the free members no longer make one (other claims hold the rest).
     */
    private static List<Trajectory> completeGroup(Members mapper, RunId run, GroupRules rules, List<Integer> usedValues, TaskId task,
                                               List<Trajectory> first, boolean skipLocked, Instant now) {
        int size = rules.criteria().groupSize();
        List<Trajectory> locked = new ArrayList<>(first);
        if (locked.size() < size) {
            return null;
        }
        if (rules.criteria().mixedRewards()) {
            boolean positive = locked.stream().anyMatch(member -> member.reward().orElseThrow() > 0);
            boolean other = locked.stream().anyMatch(member -> member.reward().orElseThrow() <= 0);
            if (!positive || !other) {
                List<Trajectory> missing = rows(mapper.lockGroup(run, rules, usedValues, task, !positive, 1, skipLocked, now));
                if (missing.isEmpty()) {
                    return null;
                }
                locked.addAll(missing);
            }
        }
        return rules.pick(locked);
    }

    private static List<Trajectory> rows(List<TrajectoryRow> rows) {
        return rows.stream().map(ROWS::toTrajectory).toList();
    }

    /** Writes one more use of each listed row (locked): the records' own {@code used}, or a consumer group's count. */
    interface AddUse {
        void add(List<Long> ids) throws SQLException;
    }

    /** Counts one use of every member of {@code chosen} (locked by {@link #choose}); returns the groups after. */
    static GroupClaim count(GroupClaim chosen, AddUse addUse) throws SQLException {
        if (chosen.groups().isEmpty()) {
            return chosen;
        }
        addUse.add(ids(chosen));
        List<TaskGroup> counted = new ArrayList<>(chosen.groups().size());
        for (TaskGroup group : chosen.groups()) {
            counted.add(new TaskGroup(group.taskId(), group.items().stream().map(m -> m.usedTimes(m.used() + 1)).toList()));
        }
        return GroupClaim.took(counted);
    }

    /** Every member's id, ascending. */
    static List<Long> ids(GroupClaim claim) {
        List<Long> ids = new ArrayList<>();
        claim.members().forEach(member -> ids.add(member.id()));
        ids.sort(null);
        return ids;
    }

    /** The criteria made concrete for the run: its latest checkpoint versions read when the criteria need them. */
    public static GroupRules rules(Members mapper, RunId run, GroupCriteria criteria) {
        List<Integer> latest = criteria.latestCheckpoints().isPresent()
                ? mapper.latestVersions(run, criteria.latestCheckpoints().getAsInt())
                : List.of();
        return GroupRules.of(criteria, latest);
    }

    /** {@code max_used} 0, or "one of the latest n checkpoints" of a run without checkpoints: no row can be a member. */
    public static boolean admitsNothing(GroupRules rules) {
        return rules.criteria().maxUsed() == 0 || (rules.freshnessIsVersionSet() && rules.freshVersions().isEmpty());
    }

    /** The values {@code used} may take, when there are at most {@value #LISTED_USED_VALUES}; otherwise null. */
    public static List<Integer> usedValues(GroupRules rules) {
        int maxUsed = rules.criteria().maxUsed();
        return maxUsed <= LISTED_USED_VALUES ? IntStream.range(0, maxUsed).boxed().toList() : null;
    }

    private static Iterator<TaskId> shuffled(List<TaskId> tasks) {
        List<TaskId> order = new ArrayList<>(tasks);
        Collections.shuffle(order, ThreadLocalRandom.current());
        return order.iterator();
    }

    /** The run's tasks in the order of their standing members: a merge of cursors over the eligible entries. */
    private static final class Walk implements Iterator<TaskId> {
        private final PriorityQueue<Cursor> heads;
        private final Set<TaskId> met = new HashSet<>();
        private TaskId next;

        Walk(Members mapper, RunId run, GroupRules rules, GroupClaimRequest request, boolean skipLocked, Instant now) {
            boolean descending = request.order() == TaskOrder.NEWEST_TASK;
            Comparator<TaskStanding> order = TaskStanding.order(request.order());
            heads = new PriorityQueue<>(Comparator.comparing(Cursor::head, order));
            List<Integer> usedValues = usedValues(rules);
            List<int[]> narrow = narrowRanges(mapper, run, rules, usedValues);
            int page = narrow == null ? Math.max(64, Math.min(MAX_PAGE, 2 * request.maxMembers()))
                    : Math.max(FIRST_PAGE, Math.min(MAX_PAGE, 2 * request.maxMembers() / Math.max(1, narrow.size())));
            if (narrow == null) {
                add(new Cursor(mapper, run, rules, usedValues, null, null, descending, page, skipLocked, now));
            } else {
                for (int[] range : narrow) {
                    add(new Cursor(mapper, run, rules, usedValues, range[0], range[1], descending, page, skipLocked, now));
                }
            }
        }

        /**
         * One (used, model version) pair per cursor when there are at most {@link #MAX_CURSORS} of them; else null. The
         * values of {@code used} are listed for a small cap, and else read from the run (those below the cap, by a loose
         * scan of idx_group_claim); the versions are the fresh set, or those present among rows of these uses.
         */
        private static List<int[]> narrowRanges(Members mapper, RunId run, GroupRules rules, List<Integer> usedValues) {
            List<Integer> uses = usedValues != null ? usedValues : skipScan(after -> mapper.nextUsedValue(run, after, rules.criteria().maxUsed()));
            if (uses == null) {
                return null;
            }
            List<int[]> ranges = new ArrayList<>();
            for (int used : uses) {
                List<Integer> versions = rules.freshnessIsVersionSet() ? rules.freshVersions()
                        : skipScan(after -> mapper.nextModelVersion(run, used, after));
                if (versions == null) {
                    return null;
                }
                for (int version : versions) {
                    if (rules.modelVersionMin().isEmpty() || version >= rules.modelVersionMin().getAsInt()) {
                        ranges.add(new int[]{used, version});
                    }
                }
                if (ranges.size() > MAX_CURSORS) {
                    return null;
                }
            }
            return ranges;
        }

        /** The values {@code next} gives one after another (from below 0), at most {@link #MAX_CURSORS}; null past that. */
        private static List<Integer> skipScan(java.util.function.IntFunction<Integer> next) {
            List<Integer> values = new ArrayList<>();
            for (Integer value = next.apply(-1); value != null; value = next.apply(value)) {
                if (values.size() == MAX_CURSORS) {
                    return null;
                }
                values.add(value);
            }
            return values;
        }

        private void add(Cursor cursor) {
            if (cursor.head() != null) {
                heads.add(cursor);
            }
        }

        @Override
        public boolean hasNext() {
            while (next == null && !heads.isEmpty()) {
                Cursor cursor = heads.poll();
                TaskStanding entry = cursor.take();
                add(cursor);
                if (met.add(entry.taskId())) {
                    next = entry.taskId();
                }
            }
            return next != null;
        }

        @Override
        public TaskId next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            TaskId task = next;
            next = null;
            return task;
        }
    }

    /** The eligible entries of one range, a page at a time, after the last one read. */
    private static final class Cursor {
        private final Members mapper;
        private final RunId run;
        private final GroupRules rules;
        private final List<Integer> usedValues;
        private final Integer usedValue;
        private final Integer version;
        private final boolean descending;
        private final boolean skipLocked;
        private int page;
        private final Instant now;
        private final Deque<TaskStanding> buffer = new ArrayDeque<>();
        private TaskStanding last;
        private boolean exhausted;

        Cursor(Members mapper, RunId run, GroupRules rules, List<Integer> usedValues, Integer usedValue, Integer version,
               boolean descending, int page, boolean skipLocked, Instant now) {
            this.now = now;
            this.mapper = mapper;
            this.run = run;
            this.rules = rules;
            this.usedValues = usedValues;
            this.usedValue = usedValue;
            this.version = version;
            this.descending = descending;
            this.page = page;
            this.skipLocked = skipLocked;
        }

        /** The next entry, read in when needed; null once the range is done. */
        TaskStanding head() {
            if (buffer.isEmpty() && !exhausted) {
                List<Candidate> rows = mapper.walk(run, rules, usedValues, usedValue, version, last, descending, page, skipLocked, now);
                rows.forEach(row -> buffer.add(row.standing()));
                exhausted = rows.size() < page;
                page = Math.min(MAX_PAGE, page * 2);
                if (!rows.isEmpty()) {
                    last = buffer.peekLast();
                }
            }
            return buffer.peekFirst();
        }

        TaskStanding take() {
            return buffer.pollFirst();
        }
    }
}
