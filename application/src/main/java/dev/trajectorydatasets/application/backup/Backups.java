package dev.trajectorydatasets.application.backup;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.group.RunGroup;
import dev.trajectorydatasets.application.shared.Change;
import dev.trajectorydatasets.application.shared.Publisher;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.backup.RestoredTrajectory;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.StoreBusyException;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.checkpoint.DuplicateCheckpointException;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.usage.UsageEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Taking a backup page by page, and restoring one batch at a time (see {@link BackupOperations}). */
public final class Backups {

    /** Times a page is read again when a record's count moved between reading it and reading its history. */
    static final int READ_ATTEMPTS = 20;

    private final DatasetPort port;
    private final Publisher publisher;

    public Backups(Scope scope) {
        this.port = scope.port();
        this.publisher = scope.publisher();
    }

    /**
     * The page's records and their histories. The stores read at READ COMMITTED, so a use counted between the two
     * reads would show a history that does not add up to {@code used}: such records are read again, record and
     * history, until they agree (a record deleted meanwhile leaves the page).
     */
    public BackupPage page(TrajectoryFilter filter, PageRequest page) {
        List<Trajectory> records = port.trajectories().find(DatasetRules.required("filter", filter), DatasetRules.required("page", page));
        List<BackupPage.Entry> entries = new ArrayList<>(records.size());
        List<Trajectory> pending = records;
        Map<TrajectoryId, BackupPage.Entry> agreed = new HashMap<>();
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > READ_ATTEMPTS) {
                throw new StoreBusyException("the counts of " + pending.size() + " records kept changing while they were read for a backup", null);
            }
            Map<TrajectoryId, List<UsageEvent>> histories = new HashMap<>();
            port.backups().historyOf(pending)
                    .forEach(event -> histories.computeIfAbsent(event.trajectoryId(), id -> new ArrayList<>()).add(event));
            Map<Long, Map<ConsumerGroup, Integer>> groupCounts = port.backups().groupCountsOf(pending);
            List<Trajectory> again = new ArrayList<>();
            for (Trajectory record : pending) {
                List<UsageEvent> history = histories.getOrDefault(record.trajectoryId(), List.of());
                Map<ConsumerGroup, Integer> counts = groupCounts.getOrDefault(record.id(), Map.of());
                if (agree(record, history, counts)) {
                    agreed.put(record.trajectoryId(), new BackupPage.Entry(record, history, counts));
                } else {
                    port.trajectories().findByTrajectoryId(record.trajectoryId()).ifPresent(again::add);
                }
            }
            pending = again;
        }
        records.forEach(record -> Optional.ofNullable(agreed.get(record.trajectoryId())).ifPresent(entries::add));
        OptionalLong next = records.size() < page.limit() ? OptionalLong.empty() : OptionalLong.of(records.get(records.size() - 1).id());
        return new BackupPage(entries, next);
    }

    /** Whether each group's events add up to its count (the default group's to {@code used}): read with nothing between. */
    private static boolean agree(Trajectory record, List<UsageEvent> history, Map<ConsumerGroup, Integer> counts) {
        Map<ConsumerGroup, Long> sums = new HashMap<>();
        history.forEach(event -> sums.merge(event.group(), (long) event.change(), Long::sum));
        if (sums.getOrDefault(ConsumerGroup.DEFAULT, 0L) != record.used()) {
            return false;
        }
        for (Map.Entry<ConsumerGroup, Long> sum : sums.entrySet()) {
            if (!sum.getKey().isDefault() && sum.getValue() != counts.getOrDefault(sum.getKey(), 0).longValue()) {
                return false;
            }
        }
        return counts.keySet().stream().allMatch(sums::containsKey);
    }

    /** The consumer groups of the run, or of every run, by run then name. */
    public List<RunGroup> groups(Optional<RunId> runId) {
        List<RunId> runs = DatasetRules.required("runId", runId).map(List::of).orElseGet(() -> port.consumerGroups().runs());
        List<RunGroup> all = new ArrayList<>();
        for (RunId run : runs) {
            port.consumerGroups().ofRun(run).stream().filter(group -> !group.group().isDefault())
                    .forEach(group -> all.add(new RunGroup(run, group.group())));
        }
        return List.copyOf(all);
    }

    public List<Checkpoint> checkpoints(Optional<RunId> runId) {
        List<RunId> runs = DatasetRules.required("runId", runId).map(List::of).orElseGet(() -> port.backups().checkpointRuns());
        List<Checkpoint> all = new ArrayList<>();
        for (RunId run : runs) {
            List<Checkpoint> newestFirst = port.checkpoints().allOf(run);
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                all.add(newestFirst.get(i));
            }
        }
        return List.copyOf(all);
    }

    public List<RunPause> pauses(Optional<RunId> runId) {
        DatasetRules.required("runId", runId);
        return port.pauses().all().stream().filter(pause -> runId.map(pause.runId()::equals).orElse(true)).toList();
    }

    public RestoreReport restore(BackupBatch batch, boolean skipExisting) {
        DatasetRules.required("batch", batch);
        Restored restored = port.inTransaction(tx -> {
            int pauses = 0;
            for (RunPause pause : batch.pauses()) {
                if (tx.pauses().pause(pause).equals(pause)) {
                    pauses++;
                }
            }
            int checkpoints = 0;
            for (Checkpoint checkpoint : batch.checkpoints()) {
                if (tx.backups().restore(checkpoint)) {
                    checkpoints++;
                } else if (!skipExisting) {
                    throw new DuplicateCheckpointException(checkpoint.runId(), checkpoint.version());
                }
            }
            batch.groups().forEach(group -> tx.consumerGroups().declare(group.runId(), group.group()));
            List<Trajectory> created = tx.backups().restore(madeBy(tx, batch), skipExisting);
            Map<TrajectoryId, Integer> eventsOf = new HashMap<>();
            // A record given no history gets a create's event when it was used.
            batch.records().forEach(record -> eventsOf.putIfAbsent(record.record().trajectoryId(), record.history().isEmpty()
                    ? (record.record().used() > 0 ? 1 : 0) : record.history().size()));
            int events = created.stream().mapToInt(record -> eventsOf.get(record.trajectoryId())).sum();
            return new Restored(new RestoreReport(created.size(), batch.records().size() - created.size(), events, checkpoints, pauses),
                    created);
        });
        publisher.publish(new Change.Created(restored.created()));
        batch.checkpoints().stream().map(Checkpoint::runId).distinct().forEach(run -> publisher.publish(new Change.Updated(Optional.of(run))));
        return restored.report();
    }

    /**
     * The batch's records, those named by checkpoint path given the version of their run's checkpoint there (the batch's
     * own checkpoints are stored by now); a path that is no checkpoint of the run is a 400 naming it.
     */
    private static List<RestoredTrajectory> madeBy(DatasetPort tx, BackupBatch batch) {
        if (batch.checkpointPaths().isEmpty()) {
            return batch.records();
        }
        Map<Map.Entry<RunId, String>, Integer> versions = new HashMap<>();
        return batch.records().stream().map(restored -> {
            NewTrajectory record = restored.record();
            String path = batch.checkpointPaths().get(record.trajectoryId());
            if (path == null) {
                return restored;
            }
            RunId run = record.runId().orElseThrow(() -> new InvalidInputException("checkpoint_path",
                    "of '" + record.trajectoryId().value() + "' needs its run_id: checkpoints belong to a run"));
            int version = versions.computeIfAbsent(Map.entry(run, path), key -> tx.checkpoints().versionOf(run, path)
                    .orElseThrow(() -> new InvalidInputException("checkpoint_path", "'" + path + "' of '" + record.trajectoryId().value()
                            + "' is no checkpoint of run '" + run.value() + "'")));
            return new RestoredTrajectory(new NewTrajectory(record.trajectoryId(), record.runId(), record.used(), version,
                    record.createdAt(), record.taskId(), record.reward(), record.attributes()), restored.history(), restored.groupCounts());
        }).toList();
    }

    /** What the unit of work made (published once it has committed: a unit run again publishes nothing twice). */
    private record Restored(RestoreReport report, List<Trajectory> created) {
    }

}
