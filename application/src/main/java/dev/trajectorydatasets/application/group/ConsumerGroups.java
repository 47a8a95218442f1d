package dev.trajectorydatasets.application.group;

import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.group.GroupSummary;

import java.util.List;
import java.util.Optional;

/** Declare, list, read and delete a run's consumer groups (issue 32). */
public final class ConsumerGroups {

    private final DatasetPort port;

    public ConsumerGroups(Scope scope) {
        this.port = scope.port();
    }

    public GroupSummary declare(RunId run, ConsumerGroup group) {
        return port.consumerGroups().declare(DatasetRules.required("run", run), DatasetRules.required("group", group));
    }

    public Optional<GroupSummary> find(RunId run, ConsumerGroup group) {
        return port.consumerGroups().find(DatasetRules.required("run", run), DatasetRules.required("group", group));
    }

    public List<RunId> runs() {
        return port.consumerGroups().runs();
    }

    public List<GroupSummary> ofRun(RunId run) {
        return port.consumerGroups().ofRun(DatasetRules.required("run", run));
    }

    public boolean delete(RunId run, ConsumerGroup group) {
        return port.consumerGroups().delete(DatasetRules.required("run", run), DatasetRules.required("group", group));
    }
}
