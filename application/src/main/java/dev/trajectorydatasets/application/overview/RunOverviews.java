package dev.trajectorydatasets.application.overview;

import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.overview.ModelVersionSummary;
import dev.trajectorydatasets.domain.overview.RunContents;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.RunTimeline;
import dev.trajectorydatasets.domain.overview.TaskSummary;
import dev.trajectorydatasets.domain.overview.TimeBuckets;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.domain.overview.UsedCount;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * What the store holds, read-only: usage statistics, model versions, a run's timeline, and keyed pages of a run's
 * checkpoints, of the runs, of a run's tasks, of its used histogram and of usage events, each telling whether
 * another follows.
 */
public final class RunOverviews {

    private final DatasetPort port;
    private final Clock clock;

    public RunOverviews(Scope scope) {
        this.port = scope.port();
        this.clock = scope.clock();
    }

    public UsageStats usageStats(Optional<RunId> runId) {
        return port.overviews().usageStats(DatasetRules.required("runId", runId));
    }

    public <R> R fold(RunId runId, Collector<Trajectory, ?, R> query) {
        return port.overviews().fold(DatasetRules.required("runId", runId), DatasetRules.required("query", query));
    }

    public RunContents contents(RunId runId) {
        return port.overviews().contents(DatasetRules.required("runId", runId));
    }

    public List<ModelVersionSummary> modelVersions(RunId runId) {
        return port.overviews().modelVersions(DatasetRules.required("runId", runId));
    }

    /** See {@link OverviewOperations#getTimeline}. */
    public RunTimeline timeline(RunId runId, Optional<Instant> from, Optional<Instant> to, Optional<Duration> width) {
        DatasetRules.required("runId", runId);
        Instant end = DatasetRules.required("to", to).orElseGet(clock::instant);
        DatasetRules.required("width", width);
        if (width.isEmpty()) {
            return port.overviews().timeline(runId, TimeBuckets.fitting(from.orElseGet(() -> end.minus(OverviewOperations.DEFAULT_TIMELINE_SPAN)), end,
                    OverviewOperations.DEFAULT_TIMELINE_POINTS));
        }
        TimeBuckets.validWidth(width.get());
        // Without a start, the last spans end at to and start on a multiple of the width (round times on the axis).
        Instant start = from.orElseGet(() -> TimeBuckets.roundedDown(end.minus(width.get().multipliedBy(OverviewOperations.DEFAULT_TIMELINE_POINTS)), width.get()));
        return port.overviews().timeline(runId, TimeBuckets.covering(start, end, width.get()));
    }

    public KeyedPage<Checkpoint, Integer> checkpoints(RunId runId, KeyPage<Integer> page) {
        DatasetRules.required("runId", runId);
        return paged(page, p -> port.checkpoints().ofRun(runId, p), Checkpoint::version);
    }

    public KeyedPage<RunSummary, RunId> runs(KeyPage<RunId> page) {
        return paged(page, p -> port.overviews().runs(p), RunSummary::runId);
    }

    public KeyedPage<TaskSummary, TaskId> tasks(RunId runId, GroupCriteria criteria, KeyPage<TaskId> page) {
        DatasetRules.required("runId", runId);
        DatasetRules.required("criteria", criteria);
        return paged(page, p -> port.overviews().tasks(runId, criteria, p), TaskSummary::taskId);
    }

    public KeyedPage<UsageEvent, Long> usageEvents(UsageEventFilter filter, KeyPage<Long> page) {
        return paged(page, p -> port.history().events(filter, p), UsageEvent::id);
    }

    public KeyedPage<UsedCount, Integer> usedHistogram(RunId runId, KeyPage<Integer> page) {
        DatasetRules.required("runId", runId);
        return paged(page, p -> port.overviews().usedHistogram(runId, p), UsedCount::used);
    }

    /** Asks for one entry more than the page holds (or, at the maximum, probes once) to tell whether more follow. */
    private static <T, K> KeyedPage<T, K> paged(KeyPage<K> page, Function<KeyPage<K>, List<T>> fetch, Function<T, K> keyOf) {
        DatasetRules.required("page", page);
        boolean roomForOneMore = page.limit() < PageRequest.MAX_LIMIT;
        List<T> found = fetch.apply(roomForOneMore ? page.withOneMore() : page);
        if (found.size() < page.limit()) {
            return new KeyedPage<>(found, Optional.empty());
        }
        List<T> items = found.subList(0, page.limit());
        K last = keyOf.apply(items.get(items.size() - 1));
        boolean more = roomForOneMore ? found.size() > page.limit() : !fetch.apply(KeyPage.after(last, 1)).isEmpty();
        return new KeyedPage<>(items, more ? Optional.of(last) : Optional.empty());
    }
}
