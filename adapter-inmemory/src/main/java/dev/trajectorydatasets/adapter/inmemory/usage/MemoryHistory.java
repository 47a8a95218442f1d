package dev.trajectorydatasets.adapter.inmemory.usage;

import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import dev.trajectorydatasets.domain.usage.UsageHistory;

import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The usage events in memory.
 */
public final class MemoryHistory implements UsageHistory {

    private final Unit unit;
    private final Tables state;

    public MemoryHistory(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public List<UsageEvent> events(UsageEventFilter filter, KeyPage<Long> page) {
        return unit.read(() -> {
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
}
