package dev.trajectorydatasets.domain.group;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;

/** A consumer group of a run, as a backup names it. */
public record RunGroup(RunId runId, ConsumerGroup group) {

    public RunGroup {
        DatasetRules.required("runId", runId);
        DatasetRules.required("group", group);
    }
}
