package dev.trajectorydatasets.adapter.inmemory;

import dev.trajectorydatasets.domain.ActivityMark;
import dev.trajectorydatasets.domain.Checkpoint;
import dev.trajectorydatasets.domain.Lease;
import dev.trajectorydatasets.domain.LeaseExpiredException;
import dev.trajectorydatasets.domain.LeaseHold;
import dev.trajectorydatasets.domain.LeaseId;
import dev.trajectorydatasets.domain.LeaseItem;
import dev.trajectorydatasets.domain.LeaseItemState;
import dev.trajectorydatasets.domain.LeaseNotFoundException;
import dev.trajectorydatasets.domain.LeaseSettlement;
import dev.trajectorydatasets.domain.LeaseSettling;
import dev.trajectorydatasets.domain.LeaseTerms;
import dev.trajectorydatasets.domain.LeaseTicket;
import dev.trajectorydatasets.domain.Leased;
import dev.trajectorydatasets.domain.StoreActivity;
import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetFilter;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.DuplicateCheckpointException;
import dev.trajectorydatasets.domain.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.GroupClaim;
import dev.trajectorydatasets.domain.GroupClaimRequest;
import dev.trajectorydatasets.domain.GroupCriteria;
import dev.trajectorydatasets.domain.GroupRules;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.StoredAnswer;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.ModelVersionSummary;
import dev.trajectorydatasets.domain.NewCheckpoint;
import dev.trajectorydatasets.domain.RunSummary;
import dev.trajectorydatasets.domain.RunTimeline;
import dev.trajectorydatasets.domain.TimeBuckets;
import dev.trajectorydatasets.domain.UsedCount;
import dev.trajectorydatasets.domain.TaskGroup;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TaskSummary;
import dev.trajectorydatasets.domain.NewDataset;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.UsageLimit;
import dev.trajectorydatasets.domain.UsageEvent;
import dev.trajectorydatasets.domain.UsageEventFilter;
import dev.trajectorydatasets.domain.UsageKind;
import dev.trajectorydatasets.domain.UsageOrigin;
import dev.trajectorydatasets.domain.UsageStats;
import dev.trajectorydatasets.domain.UseResult;

import java.util.HashSet;
import java.util.Set;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.function.Supplier;

/**
 * {@link DatasetPort} in memory. Thread-safe: reads share a lock, writes and units of work hold it alone.
 * Lookups by id, trajectory id and run use indexes; a page costs O(log n + offset + page) when it filters by run
 * only. Nothing survives the process.
 */
public final class InMemoryDatasetStore implements DatasetPort {

    private final State state;
    /** Undo actions of the unit of work this view belongs to; null for the store itself. */
    private final Deque<Runnable> undo;
    /** Who causes this view's changes: written on its usage events. */
    private final UsageOrigin origin;
    /** What times usage events and leases. */
    private final Clock clock;

    public InMemoryDatasetStore() {
        this(Clock.systemUTC());
    }

    /** A store whose usage events and leases are timed by {@code clock}. */
    public InMemoryDatasetStore(Clock clock) {
        this(new State(), null, UsageOrigin.NONE, DatasetRules.required("clock", clock));
    }

    private InMemoryDatasetStore(State state, Deque<Runnable> undo, UsageOrigin origin, Clock clock) {
        this.state = state;
        this.undo = undo;
        this.origin = origin;
        this.clock = clock;
    }

    /** This store (the same records) timed by {@code other}: a simulation, or a test that moves time. */
    public InMemoryDatasetStore withClock(Clock other) {
        return new InMemoryDatasetStore(state, undo, origin, DatasetRules.required("clock", other));
    }

    @Override
    public Dataset create(NewDataset dataset) {
        return createAll(List.of(dataset)).get(0);
    }

    @Override
    public List<Dataset> createAll(List<NewDataset> datasets) {
        return write(() -> {
            List<TrajectoryId> duplicates = DuplicateTrajectoryException.among(
                    datasets.stream().map(NewDataset::trajectoryId).toList(), state.byTrajectoryId::containsKey);
            if (!duplicates.isEmpty()) {
                throw new DuplicateTrajectoryException(duplicates);
            }
            List<Dataset> created = new ArrayList<>(datasets.size());
            for (NewDataset candidate : datasets) {
                Dataset stored = state.put(candidate.stored(state.nextId++));
                journal(() -> state.remove(stored));
                created.add(stored);
                counted(stored, stored.used(), UsageKind.CREATE);
            }
            return List.copyOf(created);
        });
    }

    @Override
    public List<Dataset> createMissing(List<NewDataset> datasets) {
        return write(() -> {
            Set<TrajectoryId> seen = new HashSet<>();
            List<NewDataset> missing = datasets.stream()
                    .filter(d -> !state.byTrajectoryId.containsKey(d.trajectoryId()) && seen.add(d.trajectoryId())).toList();
            return createAll(missing);
        });
    }

    @Override
    public Optional<Dataset> findById(long id) {
        return read(() -> Optional.ofNullable(state.byId.get(id)));
    }

    @Override
    public Optional<Dataset> findByTrajectoryId(TrajectoryId trajectoryId) {
        return read(() -> Optional.ofNullable(state.byTrajectoryId.get(trajectoryId)));
    }

    @Override
    public List<Dataset> find(DatasetFilter filter, PageRequest page) {
        return read(() -> {
            IdIndex candidates = state.candidates(filter.runId());
            Iterable<Dataset> source = page.afterId().isPresent() ? candidates.after(page.afterId().getAsLong()) : candidates.all();
            List<Dataset> items = new ArrayList<>(Math.min(page.limit(), 1024));
            int toSkip = page.offset();
            for (Dataset dataset : source) {
                if (!filter.matches(dataset)) {
                    continue;
                }
                if (toSkip > 0) {
                    toSkip--;
                    continue;
                }
                items.add(dataset);
                if (items.size() == page.limit()) {
                    break;
                }
            }
            return List.copyOf(items);
        });
    }

    @Override
    public long count(DatasetFilter filter) {
        return read(() -> {
            IdIndex source = state.candidates(filter.runId());
            if (filter.constrainsOnlyRun()) {
                return (long) source.size();
            }
            long matching = 0;
            for (Dataset dataset : source.all()) {
                if (filter.matches(dataset)) {
                    matching++;
                }
            }
            return matching;
        });
    }

    @Override
    public UsageStats usageStats(Optional<RunId> runId) {
        return read(() -> {
            IdIndex selected = state.candidates(runId);
            long sum = 0;
            int max = Integer.MIN_VALUE;
            int min = Integer.MAX_VALUE;
            for (Dataset dataset : selected.all()) {
                sum += dataset.used();
                max = Math.max(max, dataset.used());
                min = Math.min(min, dataset.used());
            }
            long runs = runId.isPresent() ? Math.min(1, selected.size()) : state.byRunId.size();
            return UsageStats.of(selected.size(), sum, max, min, runs);
        });
    }

    @Override
    public Optional<Dataset> update(TrajectoryId trajectoryId, DatasetChanges changes) {
        return write(() -> Optional.ofNullable(state.byTrajectoryId.get(trajectoryId))
                .map(current -> counted(replace(current, changes.applyTo(current)), changes.used().orElse(current.used()) - current.used(),
                        UsageKind.SET)));
    }

    @Override
    public int setUsed(Collection<TrajectoryId> trajectoryIds, int used) {
        return write(() -> {
            int found = 0;
            for (TrajectoryId trajectoryId : new LinkedHashSet<>(trajectoryIds)) {
                Dataset current = state.byTrajectoryId.get(trajectoryId);
                if (current != null) {
                    counted(replace(current, current.usedTimes(used)), used - current.used(), UsageKind.SET);
                    found++;
                }
            }
            return found;
        });
    }

    @Override
    public int setUsedEach(Map<TrajectoryId, Integer> values) {
        values.values().forEach(used -> DatasetRules.notNegative("used", used));
        return write(() -> {
            int found = 0;
            for (Map.Entry<TrajectoryId, Integer> value : values.entrySet()) {
                Dataset current = state.byTrajectoryId.get(value.getKey());
                if (current != null) {
                    counted(replace(current, current.usedTimes(value.getValue())), value.getValue() - current.used(), UsageKind.SET);
                    found++;
                }
            }
            return found;
        });
    }

    @Override
    public UseResult use(TrajectoryId trajectoryId, UsageLimit limit) {
        return useAll(List.of(trajectoryId), limit).get(0);
    }

    @Override
    public List<UseResult> useAll(List<TrajectoryId> trajectoryIds, UsageLimit limit) {
        return write(() -> {
            Map<TrajectoryId, Dataset> current = new HashMap<>();
            for (TrajectoryId id : trajectoryIds) {
                Dataset found = state.byTrajectoryId.get(id);
                if (found != null) {
                    current.put(id, found);
                }
            }
            List<UseResult> results = UseResult.applyAll(trajectoryIds, limit, current);
            current.forEach((id, after) -> {
                Dataset before = state.byTrajectoryId.get(id);
                if (before.used() != after.used()) {
                    counted(replace(before, after), after.used() - before.used(), UsageKind.USE);
                }
            });
            return results;
        });
    }

    @Override
    public List<Dataset> claim(ClaimRequest request) {
        return write(() -> {
            List<Dataset> chosen = chosen(request);
            List<Dataset> claimed = new ArrayList<>(chosen.size());
            for (Dataset dataset : chosen) {
                claimed.add(counted(replace(dataset, dataset.usedTimes(dataset.used() + 1)), 1, UsageKind.CLAIM));
            }
            return List.copyOf(claimed);
        });
    }

    /** The records a claim takes now: none when fewer than its minimum are eligible. */
    private List<Dataset> chosen(ClaimRequest request) {
        Instant now = clock.instant();
        Predicate<Dataset> eligible = dataset -> request.admits(dataset) && LeaseHold.free(state.holds.get(dataset.id()), now);
        List<Dataset> chosen = switch (request.order()) {
            case OLDEST -> firstAdmitted(request, eligible, state.candidates(request.runId()).all());
            case NEWEST -> firstAdmitted(request, eligible, state.candidates(request.runId()).descending());
            case LEAST_USED -> leastUsed(request, eligible, state.leastUsed.inOrder(request.runId()));
            case RANDOM -> sample(request, eligible, state.candidates(request.runId()).all());
        };
        return request.enough(chosen.size()) ? chosen : List.of();
    }

    /**
     * The first eligible records in least-used order: O(taken + skipped) instead of a scan. The walk ends at the
     * first record at the claim's cap, since every record after it is used as much or more.
     */
    private static List<Dataset> leastUsed(ClaimRequest request, Predicate<Dataset> eligible, Iterable<Dataset> ordered) {
        List<Dataset> taken = new ArrayList<>();
        for (Dataset dataset : ordered) {
            if (dataset.used() >= request.usedCeiling()) {
                break;
            }
            if (eligible.test(dataset)) {
                taken.add(dataset);
                if (taken.size() == request.count()) {
                    break;
                }
            }
        }
        return taken;
    }

    private static List<Dataset> firstAdmitted(ClaimRequest request, Predicate<Dataset> eligible, Iterable<Dataset> ordered) {
        List<Dataset> taken = new ArrayList<>();
        for (Dataset dataset : ordered) {
            if (eligible.test(dataset)) {
                taken.add(dataset);
                if (taken.size() == request.count()) {
                    break;
                }
            }
        }
        return taken;
    }

    /** Reservoir sampling: every eligible record is equally likely to be taken. */
    private static List<Dataset> sample(ClaimRequest request, Predicate<Dataset> eligible, Iterable<Dataset> candidates) {
        int count = request.count();
        List<Dataset> taken = new ArrayList<>(Math.min(count, 1024));
        int seen = 0;
        for (Dataset dataset : candidates) {
            if (!eligible.test(dataset)) {
                continue;
            }
            seen++;
            if (taken.size() < count) {
                taken.add(dataset);
            } else {
                int slot = ThreadLocalRandom.current().nextInt(seen);
                if (slot < count) {
                    taken.set(slot, dataset);
                }
            }
        }
        Collections.shuffle(taken, ThreadLocalRandom.current());
        return taken;
    }

    @Override
    public GroupClaim claimGroups(GroupClaimRequest request) {
        return write(() -> {
            GroupClaim chosen = chosenGroups(request);
            if (chosen.groups().isEmpty()) {
                return chosen;
            }
            List<TaskGroup> taken = new ArrayList<>(chosen.groups().size());
            for (TaskGroup group : chosen.groups()) {
                List<Dataset> members = new ArrayList<>(group.items().size());
                for (Dataset member : group.items()) {
                    members.add(counted(replace(member, member.usedTimes(member.used() + 1)), 1, UsageKind.GROUP_CLAIM));
                }
                taken.add(new TaskGroup(group.taskId(), members));
            }
            return GroupClaim.took(taken);
        });
    }

    /** The groups a group claim takes now, of records no live lease holds. */
    private GroupClaim chosenGroups(GroupClaimRequest request) {
        GroupRules rules = GroupRules.of(request.criteria(), latestVersions(request.runId(), request.criteria()));
        Instant now = clock.instant();
        Iterable<Dataset> free = () -> stream(state.candidates(Optional.of(request.runId())).all())
                .filter(dataset -> LeaseHold.free(state.holds.get(dataset.id()), now)).iterator();
        return rules.select(free, request, ThreadLocalRandom.current());
    }

    private static Stream<Dataset> stream(Iterable<Dataset> records) {
        return StreamSupport.stream(records.spliterator(), false);
    }

    // ---- leases ----

    @Override
    public Leased<List<Dataset>> leaseClaim(ClaimRequest request, LeaseTerms terms) {
        return write(() -> {
            List<Dataset> chosen = chosen(request);
            return new Leased<>(chosen, hold(chosen, request.runId(), request.maxUsed(), terms));
        });
    }

    @Override
    public Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms) {
        return write(() -> {
            GroupClaim chosen = chosenGroups(request);
            return new Leased<>(chosen, hold(chosen.members(), Optional.of(request.runId()),
                    OptionalInt.of(request.criteria().maxUsed()), terms));
        });
    }

    /** Makes a lease holding {@code records}; none when there are none. */
    private Optional<LeaseTicket> hold(List<Dataset> records, Optional<RunId> run, OptionalInt maxUsed,
                                      LeaseTerms terms) {
        if (records.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        LeaseId id = LeaseId.of(state.nextLeaseId++);
        List<LeaseItem> items = records.stream().map(LeaseItem::held).toList();
        Lease lease = new Lease(id, run, maxUsed, origin.consumer(), now, terms.expiryFrom(now), items);
        putLease(lease);
        for (Dataset record : records) {
            setHold(record.id(), new LeaseHold(id, lease.expiresAt()));
        }
        return Optional.of(lease.ticket());
    }

    @Override
    public Optional<Lease> lease(LeaseId id) {
        return read(() -> Optional.ofNullable(state.leases.get(id.value())));
    }

    @Override
    public List<Lease> leasesOf(String consumer, Optional<LeaseId> after, int limit, Optional<Instant> runningAt) {
        DatasetRules.required("consumer", consumer);
        return read(() -> state.leases.tailMap(after.map(LeaseId::value).orElse(0L), false).values().stream()
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
        return write(() -> {
            Lease lease = existing(id);
            Map<Long, LeaseSettling.Current> current = new HashMap<>();
            for (LeaseItem item : lease.items()) {
                Dataset record = state.byId.get(item.datasetId());
                if (record != null) {
                    current.put(item.datasetId(), new LeaseSettling.Current(record, state.holds.get(item.datasetId())));
                }
            }
            Instant now = clock.instant();
            LeaseSettling.Plan plan = LeaseSettling.plan(lease, action, only, current, now);
            InMemoryDatasetStore acker = new InMemoryDatasetStore(state, undo, origin.withConsumer(origin.consumer().or(lease::consumer)), clock);
            for (Dataset after : plan.counted()) {
                acker.counted(replace(state.byId.get(after.id()), after), 1, UsageKind.ACKNOWLEDGE);
                setHold(after.id(), null);
            }
            plan.freed().forEach(record -> setHold(record, null));
            if (!plan.items().isEmpty()) {
                putLease(lease.withItems(plan.items()));
            }
            if (plan.freesRows()) {
                addEnd(now, lease.runId());
            }
            return plan.settlement();
        });
    }

    @Override
    public Lease extend(LeaseId id, LeaseTerms terms) {
        return write(() -> {
            Lease lease = existing(id);
            Instant now = clock.instant();
            if (lease.expiredAt(now)) {
                throw new LeaseExpiredException(id, lease.expiresAt());
            }
            Lease extended = lease.expiringAt(terms.expiryFrom(now));
            putLease(extended);
            for (LeaseItem item : lease.items()) {
                LeaseHold hold = state.holds.get(item.datasetId());
                if (item.state() == LeaseItemState.HELD && hold != null && hold.leaseId().equals(id)) {
                    setHold(item.datasetId(), new LeaseHold(id, extended.expiresAt()));
                }
            }
            return extended;
        });
    }

    @Override
    public StoreActivity activitySince(Optional<ActivityMark> mark) {
        return read(() -> {
            Instant now = clock.instant();
            long newest = state.nextId - 1;
            if (mark.isEmpty()) {
                return new StoreActivity(Set.of(), false, new ActivityMark(newest, now));
            }
            Set<RunId> runs = new HashSet<>();
            boolean outside = false;
            for (Dataset created : state.byId.after(mark.get().lastRecordId())) {
                if (created.runId().isPresent()) {
                    runs.add(created.runId().get());
                } else {
                    outside = true;
                }
            }
            for (List<Optional<RunId>> ended : state.leaseEnds.subMap(mark.get().at(), false, now, true).values()) {
                for (Optional<RunId> run : ended) {
                    if (run.isPresent()) {
                        runs.add(run.get());
                    } else {
                        outside = true;
                    }
                }
            }
            return new StoreActivity(runs, outside, new ActivityMark(Math.max(newest, mark.get().lastRecordId()), now));
        });
    }

    @Override
    public int purgeLeases(Instant before, int limit) {
        return write(() -> {
            List<Lease> old = state.leases.values().stream().filter(lease -> lease.expiresAt().isBefore(before)).limit(limit).toList();
            for (Lease lease : old) {
                state.leases.remove(lease.id().value());
            }
            state.leaseEnds.headMap(before, false).clear();
            return old.size();
        });
    }

    private Lease existing(LeaseId id) {
        Lease lease = state.leases.get(DatasetRules.required("leaseId", id).value());
        if (lease == null) {
            throw new LeaseNotFoundException(id);
        }
        return lease;
    }

    private void putLease(Lease lease) {
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
    private void addEnd(Instant at, Optional<RunId> run) {
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
    private void setHold(long recordId, LeaseHold hold) {
        LeaseHold before = state.setHold(recordId, hold);
        journal(() -> state.setHold(recordId, before));
    }

    /** The run's registered versions, newest first, as many as the criteria's latest-checkpoints rule looks at. */
    private List<Integer> latestVersions(RunId runId, GroupCriteria criteria) {
        if (criteria.latestCheckpoints().isEmpty()) {
            return List.of();
        }
        NavigableMap<Integer, Checkpoint> run = state.checkpoints.getOrDefault(runId, new TreeMap<>());
        return run.descendingKeySet().stream().limit(criteria.latestCheckpoints().getAsInt()).toList();
    }

    @Override
    public Checkpoint registerCheckpoint(NewCheckpoint checkpoint) {
        return write(() -> {
            NavigableMap<Integer, Checkpoint> run = state.checkpoints.computeIfAbsent(checkpoint.runId(), r -> new TreeMap<>());
            int version = checkpoint.initial() ? 0 : (run.isEmpty() ? 0 : run.lastKey()) + 1;
            if (run.containsKey(version)) {
                throw new DuplicateCheckpointException(checkpoint.runId(), version);
            }
            Checkpoint stored = checkpoint.stored(version);
            run.put(version, stored);
            journal(() -> {
                run.remove(version);
                if (run.isEmpty()) {
                    state.checkpoints.remove(checkpoint.runId());
                }
            });
            return stored;
        });
    }

    @Override
    public List<Checkpoint> checkpoints(RunId runId, KeyPage<Integer> page) {
        return read(() -> {
            NavigableMap<Integer, Checkpoint> run = state.checkpoints.getOrDefault(runId, new TreeMap<>());
            NavigableMap<Integer, Checkpoint> newestFirst = run.descendingMap();
            if (page.after().isPresent()) {
                newestFirst = newestFirst.tailMap(page.after().get(), false);
            }
            return newestFirst.values().stream().limit(page.limit()).toList();
        });
    }

    @Override
    public List<RunSummary> runs(KeyPage<RunId> page) {
        return read(() -> state.byRunId.keySet().stream()
                .map(RunId::value)
                .filter(run -> page.after().isEmpty() || run.compareTo(page.after().get().value()) > 0)
                .sorted()
                .limit(page.limit())
                .map(run -> summarize(RunId.of(run)))
                .toList());
    }

    private RunSummary summarize(RunId runId) {
        long count = 0;
        long unused = 0;
        long uses = 0;
        int newestVersion = 0;
        Instant first = null;
        Instant last = null;
        for (Dataset dataset : state.candidates(Optional.of(runId)).all()) {
            count++;
            unused += dataset.used() == 0 ? 1 : 0;
            uses += dataset.used();
            newestVersion = Math.max(newestVersion, dataset.modelVersion());
            first = first == null || dataset.createdAt().isBefore(first) ? dataset.createdAt() : first;
            last = last == null || dataset.createdAt().isAfter(last) ? dataset.createdAt() : last;
        }
        NavigableMap<Integer, Checkpoint> checkpoints = state.checkpoints.get(runId);
        OptionalInt newestCheckpoint = checkpoints == null ? OptionalInt.empty() : OptionalInt.of(checkpoints.lastKey());
        return new RunSummary(runId, count, unused, uses, newestVersion, newestCheckpoint, first, last);
    }

    @Override
    public List<TaskSummary> tasks(RunId runId, GroupCriteria criteria, KeyPage<TaskId> page) {
        return read(() -> {
            GroupRules rules = GroupRules.of(criteria, latestVersions(runId, criteria));
            TreeMap<String, List<Dataset>> byTask = new TreeMap<>();
            for (Dataset dataset : state.candidates(Optional.of(runId)).all()) {
                dataset.taskId().map(TaskId::value)
                        .filter(task -> page.after().isEmpty() || task.compareTo(page.after().get().value()) > 0)
                        .ifPresent(task -> byTask.computeIfAbsent(task, t -> new ArrayList<>()).add(dataset));
            }
            List<TaskSummary> summaries = new ArrayList<>();
            for (Map.Entry<String, List<Dataset>> task : byTask.entrySet()) {
                if (summaries.size() == page.limit()) {
                    break;
                }
                List<Dataset> members = task.getValue();
                List<Dataset> eligible = members.stream().filter(rules::admits).toList();
                OptionalDouble meanReward = members.stream().filter(d -> d.reward().isPresent())
                        .mapToDouble(d -> d.reward().getAsDouble()).average();
                summaries.add(new TaskSummary(TaskId.of(task.getKey()), members.size(), eligible.size(),
                        rules.admitsTask(eligible), meanReward,
                        members.stream().mapToInt(Dataset::used).min().orElseThrow(),
                        members.stream().mapToInt(Dataset::modelVersion).max().orElseThrow(),
                        members.stream().map(Dataset::createdAt).min(Comparator.naturalOrder()).orElseThrow()));
            }
            return List.copyOf(summaries);
        });
    }

    @Override
    public List<ModelVersionSummary> modelVersions(RunId runId) {
        return read(() -> {
            TreeMap<Integer, List<Dataset>> byVersion = new TreeMap<>();
            for (Dataset dataset : state.candidates(Optional.of(runId)).all()) {
                byVersion.computeIfAbsent(dataset.modelVersion(), v -> new ArrayList<>()).add(dataset);
            }
            List<ModelVersionSummary> summaries = new ArrayList<>();
            byVersion.forEach((version, members) -> {
                List<Double> rewards = members.stream().filter(d -> d.reward().isPresent()).map(d -> d.reward().getAsDouble()).toList();
                OptionalDouble mean = rewards.stream().mapToDouble(Double::doubleValue).average();
                OptionalDouble positiveShare = rewards.isEmpty() ? OptionalDouble.empty()
                        : OptionalDouble.of((double) rewards.stream().filter(r -> r > 0).count() / rewards.size());
                long tasks = members.stream().map(Dataset::taskId).flatMap(Optional::stream).distinct().count();
                summaries.add(new ModelVersionSummary(version, members.size(), rewards.size(), mean, positiveShare, tasks));
            });
            return List.copyOf(summaries);
        });
    }

    @Override
    public RunTimeline timeline(RunId runId, TimeBuckets buckets) {
        DatasetRules.required("buckets", buckets);
        return read(() -> {
            RunTimeline.Tally tally = new RunTimeline.Tally(buckets);
            for (Dataset dataset : state.candidates(Optional.of(runId)).all()) {
                tally.created(buckets.indexOf(dataset.createdAt()), 1);
                boolean counted = false;
                for (UsageEvent event : state.historyOf.getOrDefault(dataset.trajectoryId(), Collections.emptyNavigableMap()).values()) {
                    if (event.change() > 0) {
                        int at = buckets.indexOf(event.at());
                        if (!counted) {
                            counted = true;
                            tally.firstUsed(at, 1);
                        }
                        tally.counted(at, event.kind(), event.change());
                    }
                }
            }
            return tally.timeline(runId);
        });
    }

    @Override
    public List<UsedCount> usedHistogram(RunId runId, KeyPage<Integer> page) {
        DatasetRules.required("page", page);
        return read(() -> {
            TreeMap<Integer, Long> byUsed = new TreeMap<>();
            for (Dataset dataset : state.candidates(Optional.of(runId)).all()) {
                if (page.after().isEmpty() || dataset.used() > page.after().get()) {
                    byUsed.merge(dataset.used(), 1L, Long::sum);
                }
            }
            return byUsed.entrySet().stream().limit(page.limit()).map(e -> new UsedCount(e.getKey(), e.getValue())).toList();
        });
    }

    @Override
    public int deleteByTask(RunId runId, TaskId taskId) {
        return write(() -> {
            List<Dataset> removed = new ArrayList<>();
            for (Dataset dataset : state.candidates(Optional.of(runId)).all()) {
                if (dataset.taskId().isPresent() && dataset.taskId().get().equals(taskId)) {
                    removed.add(dataset);
                }
            }
            removeWithHistory(removed);
            return removed.size();
        });
    }

    @Override
    public boolean delete(TrajectoryId trajectoryId) {
        return write(() -> {
            Dataset current = state.byTrajectoryId.get(trajectoryId);
            if (current == null) {
                return false;
            }
            removeWithHistory(List.of(current));
            return true;
        });
    }

    @Override
    public int deleteByRunId(RunId runId) {
        return write(() -> {
            IdIndex.Run run = state.byRunId.get(runId);
            if (run == null) {
                return 0;
            }
            List<Dataset> removed = new ArrayList<>(run.size());
            run.all().forEach(removed::add);
            removeWithHistory(removed);
            return removed.size();
        });
    }

    @Override
    public List<UsageEvent> usageEvents(UsageEventFilter filter, KeyPage<Long> page) {
        return read(() -> {
            NavigableMap<Long, UsageEvent> ordered = filter.trajectoryId().isPresent()
                    ? state.historyOf.getOrDefault(filter.trajectoryId().get(), new TreeMap<>())
                    : state.events;
            if (page.after().isPresent()) {
                ordered = ordered.tailMap(page.after().get(), false);
            }
            return ordered.values().stream()
                    .filter(event -> filter.matches(event, state.byTrajectoryId.get(event.trajectoryId()).runId()))
                    .limit(page.limit()).toList();
        });
    }

    @Override
    public Optional<StoredAnswer> reserveAnswer(IdempotencyKey key, String fingerprint, Instant at) {
        return write(() -> {
            StoredAnswer stored = state.answers.get(key);
            if (stored != null) {
                return Optional.of(stored);
            }
            state.answers.put(key, new StoredAnswer(key, fingerprint, 0, "", at));
            journal(() -> state.answers.remove(key));
            return Optional.empty();
        });
    }

    @Override
    public void completeAnswer(IdempotencyKey key, int status, String body) {
        write(() -> {
            StoredAnswer reserved = DatasetRules.required("reservation", state.answers.get(key));
            state.answers.put(key, new StoredAnswer(key, reserved.fingerprint(), status, body, reserved.createdAt()));
            journal(() -> state.answers.put(key, reserved));
            return null;
        });
    }

    @Override
    public int purgeAnswers(Instant before, int limit) {
        return write(() -> {
            List<IdempotencyKey> old = state.answers.values().stream().filter(a -> a.createdAt().isBefore(before))
                    .map(StoredAnswer::key).limit(limit).toList();
            old.forEach(state.answers::remove);
            return old.size();
        });
    }

    /** Appends the usage event of a change of {@code change} to {@code after}'s {@code used}; none when 0. */
    private Dataset counted(Dataset after, int change, UsageKind kind) {
        if (change != 0) {
            UsageEvent event = UsageEvent.of(after, change, kind, clock.instant(), origin).numbered(state.nextEventId++);
            state.addEvent(event);
            journal(() -> state.removeEvent(event));
        }
        return after;
    }

    /** Removes the records and their usage events. */
    private void removeWithHistory(List<Dataset> removed) {
        List<UsageEvent> history = new ArrayList<>();
        Map<Long, LeaseHold> holds = new HashMap<>();
        for (Dataset dataset : removed) {
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

    @Override
    public DatasetPort attributedTo(UsageOrigin given) {
        return new InMemoryDatasetStore(state, undo, DatasetRules.required("origin", given), clock);
    }

    @Override
    public <T> T inTransaction(Function<DatasetPort, T> work) {
        if (undo != null) {
            return work.apply(this);
        }
        Deque<Runnable> actions = new ArrayDeque<>();
        return write(() -> {
            try {
                return work.apply(new InMemoryDatasetStore(state, actions, origin, clock));
            } catch (RuntimeException | Error failure) {
                actions.forEach(Runnable::run);
                throw failure;
            }
        });
    }

    private Dataset replace(Dataset current, Dataset changed) {
        state.remove(current);
        Dataset next = state.put(changed);
        journal(() -> {
            state.remove(next);
            state.put(current);
        });
        return next;
    }

    /** Remembers how to undo a change, when inside a unit of work; newest first. */
    private void journal(Runnable undoAction) {
        if (undo != null) {
            undo.push(undoAction);
        }
    }

    private <T> T read(Supplier<T> action) {
        return locked(state.lock.readLock(), action);
    }

    private <T> T write(Supplier<T> action) {
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

    /** The records and their indexes, shared by the store and its unit-of-work views. */
    private static final class State {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        /** Every usage event by id, and each trajectory's by id. */
        final NavigableMap<Long, UsageEvent> events = new TreeMap<>();
        final Map<TrajectoryId, NavigableMap<Long, UsageEvent>> historyOf = new HashMap<>();
        final Map<IdempotencyKey, StoredAnswer> answers = new HashMap<>();
        long nextEventId = 1;
        /** Each leased record's hold, by record id; leases by id, and when each last gave rows back. */
        final Map<Long, LeaseHold> holds = new HashMap<>();
        final NavigableMap<Long, Lease> leases = new TreeMap<>();
        /** When rows of which run may become free (leases' expiries, settlements that gave rows back): what waiting claims poll. */
        final NavigableMap<Instant, List<Optional<RunId>>> leaseEnds = new TreeMap<>();
        long nextLeaseId = 1;

        void addEvent(UsageEvent event) {
            events.put(event.id(), event);
            historyOf.computeIfAbsent(event.trajectoryId(), id -> new TreeMap<>()).put(event.id(), event);
        }

        void removeEvent(UsageEvent event) {
            events.remove(event.id());
            NavigableMap<Long, UsageEvent> history = historyOf.get(event.trajectoryId());
            history.remove(event.id());
            if (history.isEmpty()) {
                historyOf.remove(event.trajectoryId());
            }
        }
        final IdIndex.Dense byId = new IdIndex.Dense();
        /**
         * Least used first; among equals, records no lease ever held (or whose hold ended) first, then by when their
         * last lease ran out, then by id: the SQL stores' index order, so a record a lease held goes behind its peers.
         */
        final LeastUsedIndex leastUsed = new LeastUsedIndex(Comparator.comparingInt(Dataset::used)
                .thenComparing((Dataset dataset) -> holds.get(dataset.id()), Comparator.nullsFirst(Comparator.comparing(LeaseHold::until)))
                .thenComparingLong(Dataset::id));
        final Map<TrajectoryId, Dataset> byTrajectoryId = new HashMap<>();
        final Map<RunId, IdIndex.Run> byRunId = new HashMap<>();
        /** One {@code Optional} per run name, shared by all its records: 16 bytes a record less. */
        final Map<RunId, Optional<RunId>> runs = new HashMap<>();
        /** Each run's checkpoints by version. */
        final Map<RunId, NavigableMap<Integer, Checkpoint>> checkpoints = new HashMap<>();
        long nextId = 1;

        /**
         * Sets (or, with null, ends) a record's hold; returns the hold it had. The record leaves the least-used index
         * while its hold changes, since the index orders by it.
         */
        LeaseHold setHold(long recordId, LeaseHold hold) {
            Dataset dataset = byId.get(recordId);
            if (dataset != null) {
                leastUsed.remove(dataset);
            }
            LeaseHold before = hold == null ? holds.remove(recordId) : holds.put(recordId, hold);
            if (dataset != null) {
                leastUsed.put(dataset);
            }
            return before;
        }

        /** One run's records, or every record. */
        IdIndex candidates(Optional<RunId> runId) {
            if (runId.isEmpty()) {
                return byId;
            }
            IdIndex.Run run = byRunId.get(runId.get());
            return run == null ? IdIndex.EMPTY : run;
        }

        /** Stores {@code given}, sharing its run name with the other records of the run; returns what is stored. */
        Dataset put(Dataset given) {
            Dataset dataset = given;
            if (given.runId().isPresent()) {
                Optional<RunId> run = runs.computeIfAbsent(given.runId().get(), Optional::of);
                if (run != given.runId()) {
                    dataset = given.inRun(run);
                }
            }
            byId.put(dataset);
            leastUsed.put(dataset);
            byTrajectoryId.put(dataset.trajectoryId(), dataset);
            if (dataset.runId().isPresent()) {
                byRunId.computeIfAbsent(dataset.runId().get(), r -> new IdIndex.Run(byId)).put(dataset);
            }
            return dataset;
        }

        void remove(Dataset dataset) {
            byId.remove(dataset);
            leastUsed.remove(dataset);
            byTrajectoryId.remove(dataset.trajectoryId());
            dataset.runId().ifPresent(run -> {
                IdIndex.Run members = byRunId.get(run);
                members.remove(dataset);
                if (members.isEmpty()) {
                    byRunId.remove(run);
                }
            });
        }
    }
}
