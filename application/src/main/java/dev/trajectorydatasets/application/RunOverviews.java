package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.Checkpoint;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.GroupCriteria;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.RunSummary;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TaskSummary;
import dev.trajectorydatasets.domain.UsageEvent;
import dev.trajectorydatasets.domain.UsageEventFilter;
import dev.trajectorydatasets.domain.UsedCount;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Keyed pages of a run's checkpoints, of the runs, of a run's tasks, of its used histogram and of usage events, each telling whether another follows. */
final class RunOverviews {

    private final DatasetPort port;

    RunOverviews(DatasetPort port) {
        this.port = port;
    }

    KeyedPage<Checkpoint, Integer> checkpoints(RunId runId, KeyPage<Integer> page) {
        DatasetRules.required("runId", runId);
        return paged(page, p -> port.checkpoints(runId, p), Checkpoint::version);
    }

    KeyedPage<RunSummary, RunId> runs(KeyPage<RunId> page) {
        return paged(page, port::runs, RunSummary::runId);
    }

    KeyedPage<TaskSummary, TaskId> tasks(RunId runId, GroupCriteria criteria, KeyPage<TaskId> page) {
        DatasetRules.required("runId", runId);
        DatasetRules.required("criteria", criteria);
        return paged(page, p -> port.tasks(runId, criteria, p), TaskSummary::taskId);
    }

    KeyedPage<UsageEvent, Long> usageEvents(UsageEventFilter filter, KeyPage<Long> page) {
        return paged(page, p -> port.usageEvents(filter, p), UsageEvent::id);
    }

    KeyedPage<UsedCount, Integer> usedHistogram(RunId runId, KeyPage<Integer> page) {
        DatasetRules.required("runId", runId);
        return paged(page, p -> port.usedHistogram(runId, p), UsedCount::used);
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
