package dev.trajectorydatasets.domain.group;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;

/**
 * One consumer group of a run and where it stands: of the run's records, how many it has used at least once and how
 * many not yet, and the uses it counted in all.
 */
public record GroupSummary(RunId runId, ConsumerGroup group, long used, long unused, long uses) {

    public GroupSummary {
        DatasetRules.required("runId", runId);
        DatasetRules.required("group", group);
    }

    /** The run's records. */
    public long records() {
        return used + unused;
    }
}
