package dev.trajectorydatasets.domain.usage;

import dev.trajectorydatasets.domain.TrajectoryId;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Changes to {@code used} that name their records: set a value (one for all, or one each) or add uses under a
 * cap. Atomic per record: concurrent calls never lose an increment and never pass the cap; every change writes one
 * usage event in the same unit of work.
 */
public interface UsageCounter {

    /**
     * Sets {@code used} on every listed record in one statement (the guide's {@code batch_update_usage}).
     *
     * @return how many of the listed records exist (and now have {@code used})
     */
    int setUsed(Collection<TrajectoryId> trajectoryIds, int used);

    /**
     * Sets {@code used} of each listed record to its own value, all or nothing, with one usage event per record whose
     * count changed: a batch update whose items carry values of their own, in a few statements however many values.
     *
     * @return how many of the listed records exist (and now have their value)
     */
    int setUsedEach(Map<TrajectoryId, Integer> values);

    /** Adds to {@code used} atomically, never passing the cap; concurrent calls never lose an increment. */
    UseResult use(TrajectoryId trajectoryId, UsageLimit limit);

    /**
     * {@link #use} for each listed id, in one unit of work, as {@link UseResult#applyAll} defines it: one result per
     * id in the order given; an id listed twice is used twice.
     */
    List<UseResult> useAll(List<TrajectoryId> trajectoryIds, UsageLimit limit);
}
