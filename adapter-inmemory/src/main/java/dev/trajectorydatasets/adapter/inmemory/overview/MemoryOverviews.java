package dev.trajectorydatasets.adapter.inmemory.overview;

import dev.trajectorydatasets.adapter.inmemory.shared.IdIndex;
import dev.trajectorydatasets.adapter.inmemory.shared.Counts;
import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.claim.GroupRules;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.overview.Folding;
import dev.trajectorydatasets.domain.overview.ModelVersionSummary;
import dev.trajectorydatasets.domain.overview.OverviewStore;
import dev.trajectorydatasets.domain.overview.RunContents;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.RunTimeline;
import dev.trajectorydatasets.domain.overview.TaskSummary;
import dev.trajectorydatasets.domain.overview.TimeBuckets;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.domain.overview.UsedCount;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collector;

/**
 * Summaries computed from the records in memory.
 */
public final class MemoryOverviews implements OverviewStore {

    private final Unit unit;
    private final Tables state;

    public MemoryOverviews(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public UsageStats usageStats(Optional<RunId> runId) {
        if (!unit.origin.group().isDefault() && runId.isEmpty()) {
            throw new InvalidInputException("runId", "statistics in consumer group " + unit.origin.group() + " name their run");
        }
        return unit.read(() -> {
            IdIndex selected = state.candidates(runId);
            Counts counts = unit.counts();
            long sum = 0;
            int max = Integer.MIN_VALUE;
            int min = Integer.MAX_VALUE;
            for (Trajectory record : selected.all()) {
                Trajectory dataset = counts.seen(record);
                sum += dataset.used();
                max = Math.max(max, dataset.used());
                min = Math.min(min, dataset.used());
            }
            long runs = runId.isPresent() ? Math.min(1, selected.size()) : state.byRunId.size();
            return UsageStats.of(selected.size(), sum, max, min, runs);
        });
    }

    @Override
    public List<RunSummary> runs(KeyPage<RunId> page) {
        return unit.read(() -> state.byRunId.keySet().stream()
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
        Counts counts = unit.counts();
        for (Trajectory record : state.candidates(Optional.of(runId)).all()) {
            Trajectory dataset = counts.seen(record);
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
        return unit.read(() -> {
            GroupRules rules = GroupRules.of(criteria, state.latestVersions(runId, criteria));
            TreeMap<String, List<Trajectory>> byTask = new TreeMap<>();
            Counts counts = unit.counts();
            for (Trajectory record : state.candidates(Optional.of(runId)).all()) {
                Trajectory dataset = counts.seen(record);
                dataset.taskId().map(TaskId::value)
                        .filter(task -> page.after().isEmpty() || task.compareTo(page.after().get().value()) > 0)
                        .ifPresent(task -> byTask.computeIfAbsent(task, t -> new ArrayList<>()).add(dataset));
            }
            List<TaskSummary> summaries = new ArrayList<>();
            for (Map.Entry<String, List<Trajectory>> task : byTask.entrySet()) {
                if (summaries.size() == page.limit()) {
                    break;
                }
                List<Trajectory> members = task.getValue();
                List<Trajectory> eligible = members.stream().filter(rules::admits).toList();
                OptionalDouble meanReward = members.stream().filter(d -> d.reward().isPresent())
                        .mapToDouble(d -> d.reward().getAsDouble()).average();
                summaries.add(new TaskSummary(TaskId.of(task.getKey()), members.size(), eligible.size(),
                        rules.admitsTask(eligible), meanReward,
                        members.stream().mapToInt(Trajectory::used).min().orElseThrow(),
                        members.stream().mapToInt(Trajectory::modelVersion).max().orElseThrow(),
                        members.stream().map(Trajectory::createdAt).min(Comparator.naturalOrder()).orElseThrow()));
            }
            return List.copyOf(summaries);
        });
    }

    @Override
    public List<ModelVersionSummary> modelVersions(RunId runId) {
        return unit.read(() -> {
            TreeMap<Integer, List<Trajectory>> byVersion = new TreeMap<>();
            for (Trajectory dataset : state.candidates(Optional.of(runId)).all()) {
                byVersion.computeIfAbsent(dataset.modelVersion(), v -> new ArrayList<>()).add(dataset);
            }
            List<ModelVersionSummary> summaries = new ArrayList<>();
            byVersion.forEach((version, members) -> {
                List<Double> rewards = members.stream().filter(d -> d.reward().isPresent()).map(d -> d.reward().getAsDouble()).toList();
                OptionalDouble mean = rewards.stream().mapToDouble(Double::doubleValue).average();
                OptionalDouble positiveShare = rewards.isEmpty() ? OptionalDouble.empty()
                        : OptionalDouble.of((double) rewards.stream().filter(r -> r > 0).count() / rewards.size());
                long tasks = members.stream().map(Trajectory::taskId).flatMap(Optional::stream).distinct().count();
                summaries.add(new ModelVersionSummary(version, members.size(), rewards.size(), mean, positiveShare, tasks));
            });
            return List.copyOf(summaries);
        });
    }

    @Override
    public RunTimeline timeline(RunId runId, TimeBuckets buckets) {
        DatasetRules.required("buckets", buckets);
        return unit.read(() -> {
            RunTimeline.Tally tally = new RunTimeline.Tally(buckets);
            for (Trajectory dataset : state.candidates(Optional.of(runId)).all()) {
                tally.created(buckets.indexOf(dataset.createdAt()), 1);
                boolean counted = false;
                for (UsageEvent event : state.historyOf.getOrDefault(dataset.trajectoryId(), Collections.emptyNavigableMap()).values()) {
                    if (event.change() > 0 && event.group().equals(unit.origin.group())) {
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
    public RunContents contents(RunId runId) {
        DatasetRules.required("runId", runId);
        return unit.read(() -> {
            long trajectories = 0;
            long events = 0;
            Instant created = null;
            Instant used = null;
            for (Trajectory dataset : state.candidates(Optional.of(runId)).all()) {
                trajectories++;
                created = RunContents.newest(created, dataset.createdAt()).orElse(null);
                var history = state.historyOf.getOrDefault(dataset.trajectoryId(), Collections.emptyNavigableMap());
                events += history.size();
                used = history.isEmpty() ? used : RunContents.newest(used, history.lastEntry().getValue().at()).orElse(null);
            }
            var checkpoints = state.checkpoints.getOrDefault(runId, Collections.emptyNavigableMap());
            List<Lease> leases = state.leases.values().stream().filter(lease -> lease.runId().equals(Optional.of(runId))).toList();
            Instant registered = checkpoints.values().stream().map(Checkpoint::createdAt).max(Instant::compareTo).orElse(null);
            Instant leased = leases.stream().map(Lease::createdAt).max(Instant::compareTo).orElse(null);
            return new RunContents(runId, trajectories, events, checkpoints.size(), leases.size(),
                    RunContents.newest(created, used, registered, leased));
        });
    }

    @Override
    public List<UsedCount> usedHistogram(RunId runId, KeyPage<Integer> page) {
        DatasetRules.required("page", page);
        return unit.read(() -> {
            TreeMap<Integer, Long> byUsed = new TreeMap<>();
            Counts counts = unit.counts();
            for (Trajectory record : state.candidates(Optional.of(runId)).all()) {
                Trajectory dataset = counts.seen(record);
                if (page.after().isEmpty() || dataset.used() > page.after().get()) {
                    byUsed.merge(dataset.used(), 1L, Long::sum);
                }
            }
            return byUsed.entrySet().stream().limit(page.limit()).map(e -> new UsedCount(e.getKey(), e.getValue())).toList();
        });
    }

    @Override
    public <R> R fold(RunId runId, Collector<Trajectory, ?, R> query) {
        DatasetRules.required("query", query);
        return unit.read(() -> {
            Folding<R> folding = Folding.of(query);
            state.candidates(Optional.of(DatasetRules.required("runId", runId))).all().forEach(folding::add);
            return folding.result();
        });
    }
}
