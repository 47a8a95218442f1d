package dev.trajectorydatasets.adapter.inmemory.activity;

import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.activity.ActivityFeed;
import dev.trajectorydatasets.domain.activity.ActivityMark;
import dev.trajectorydatasets.domain.activity.StoreActivity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What waiting claims poll, read from the id index and the lease ends.
 */
public final class MemoryActivity implements ActivityFeed {

    private final Unit unit;
    private final Tables state;

    public MemoryActivity(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public StoreActivity since(Optional<ActivityMark> mark) {
        return unit.read(() -> {
            Instant now = unit.clock.instant();
            long newest = state.nextId - 1;
            if (mark.isEmpty()) {
                return StoreActivity.startingAt(new ActivityMark(newest, now));
            }
            List<Optional<RunId>> concerned = new ArrayList<>();
            state.byId.after(mark.get().lastRecordId()).forEach(created -> concerned.add(created.runId()));
            state.leaseEnds.subMap(mark.get().at(), false, now, true).values().forEach(concerned::addAll);
            return StoreActivity.of(concerned, new ActivityMark(Math.max(newest, mark.get().lastRecordId()), now));
        });
    }
}
