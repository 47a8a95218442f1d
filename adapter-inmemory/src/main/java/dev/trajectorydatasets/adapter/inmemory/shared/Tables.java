package dev.trajectorydatasets.adapter.inmemory.shared;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.idempotency.StoredAnswer;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseHold;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** The records and their indexes, shared by the store and its unit-of-work views. */
public final class Tables {

    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Every usage event by id, and each trajectory's by id. */
    public final NavigableMap<Long, UsageEvent> events = new TreeMap<>();
    public final Map<TrajectoryId, NavigableMap<Long, UsageEvent>> historyOf = new HashMap<>();
    public final Map<IdempotencyKey, StoredAnswer> answers = new HashMap<>();
    long nextEventId = 1;
    /** Each leased record's hold, by record id; leases by id, and when each last gave rows back. */
    public final Map<Long, LeaseHold> holds = new HashMap<>();
    public final NavigableMap<Long, Lease> leases = new TreeMap<>();
    /** When rows of which run may become free (leases' expiries, settlements that gave rows back): what waiting claims poll. */
    public final NavigableMap<Instant, List<Optional<RunId>>> leaseEnds = new TreeMap<>();
    public long nextLeaseId = 1;

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
    public final IdIndex.Dense byId = new IdIndex.Dense();
    /**
     * Least used first; among equals, records no lease ever held (or whose hold ended) first, then by when their
     * last lease ran out, then by id: the SQL stores' index order, so a record a lease held goes behind its peers.
     */
    public final LeastUsedIndex leastUsed = new LeastUsedIndex(Comparator.comparingInt(Trajectory::used)
            .thenComparing((Trajectory dataset) -> holds.get(dataset.id()), Comparator.nullsFirst(Comparator.comparing(LeaseHold::until)))
            .thenComparingLong(Trajectory::id));
    public final Map<TrajectoryId, Trajectory> byTrajectoryId = new HashMap<>();
    public final Map<RunId, IdIndex.Run> byRunId = new HashMap<>();
    /** One {@code Optional} per run name, shared by all its records: 16 bytes a record less. */
    final Map<RunId, Optional<RunId>> runs = new HashMap<>();
    /** Paused runs, by run id. */
    public final NavigableMap<RunId, dev.trajectorydatasets.domain.claim.RunPause> pauses = new TreeMap<>(java.util.Comparator.comparing(RunId::value));
    /** Each run's checkpoints by version. */
    public final Map<RunId, NavigableMap<Integer, Checkpoint>> checkpoints = new HashMap<>();
    public long nextId = 1;
    /** Consumer groups other than the default, by run, by name (binary order). */
    public final Map<RunId, NavigableMap<String, GroupCounts>> groups = new HashMap<>();

    /** The group of the run; null when it is not one. */
    public GroupCounts groupOf(RunId run, ConsumerGroup group) {
        NavigableMap<String, GroupCounts> ofRun = groups.get(run);
        return ofRun == null ? null : ofRun.get(group.name());
    }

    /**
     * Sets (or, with null, ends) a record's hold; returns the hold it had. The record leaves the least-used index
     * while its hold changes, since the index orders by it.
     */
    LeaseHold setHold(long recordId, LeaseHold hold) {
        Trajectory dataset = byId.get(recordId);
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
    public IdIndex candidates(Optional<RunId> runId) {
        if (runId.isEmpty()) {
            return byId;
        }
        IdIndex.Run run = byRunId.get(runId.get());
        return run == null ? IdIndex.EMPTY : run;
    }

    /** Stores {@code given}, sharing its run name with the other records of the run; returns what is stored. */
    public Trajectory put(Trajectory given) {
        Trajectory dataset = given;
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

    public void remove(Trajectory dataset) {
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

    /** The run's registered versions, newest first, as many as the criteria's latest-checkpoints rule looks at. */
    public List<Integer> latestVersions(RunId runId, GroupCriteria criteria) {
        if (criteria.latestCheckpoints().isEmpty()) {
            return List.of();
        }
        NavigableMap<Integer, Checkpoint> run = checkpoints.getOrDefault(runId, new TreeMap<>());
        return run.descendingKeySet().stream().limit(criteria.latestCheckpoints().getAsInt()).toList();
    }
}
