package dev.trajectorydatasets.adapter.inmemory.shared;

import dev.trajectorydatasets.domain.lease.LeaseHold;

import java.util.HashMap;
import java.util.Map;

/** One consumer group of one run: its records' counts (absent: 0) and its leases' holds, by record id. */
public final class GroupCounts {

    final Map<Long, Integer> used = new HashMap<>();
    final Map<Long, LeaseHold> holds = new HashMap<>();

    public int used(long recordId) {
        return used.getOrDefault(recordId, 0);
    }

    public LeaseHold hold(long recordId) {
        return holds.get(recordId);
    }

    /** The counts kept, by record id (records not listed have 0). */
    public Map<Long, Integer> counts() {
        return Map.copyOf(used);
    }

    int set(long recordId, int value) {
        Integer before = value == 0 ? used.remove(recordId) : used.put(recordId, value);
        return before == null ? 0 : before;
    }

    LeaseHold setHold(long recordId, LeaseHold hold) {
        return hold == null ? holds.remove(recordId) : holds.put(recordId, hold);
    }
}
