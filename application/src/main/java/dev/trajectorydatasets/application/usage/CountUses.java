package dev.trajectorydatasets.application.usage;

import dev.trajectorydatasets.application.shared.Change;
import dev.trajectorydatasets.application.shared.Publisher;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.usage.UseResult;

import java.util.List;

/** Counts trainings of named trajectories, atomically, never past a cap. */
public final class CountUses {

    private final DatasetPort port;
    private final Publisher publisher;

    public CountUses(Scope scope) {
        this.port = scope.port();
        this.publisher = scope.publisher();
    }

    public UseResult one(TrajectoryId trajectoryId, UsageLimit limit) {
        UseResult result = port.usage().use(DatasetRules.required("trajectoryId", trajectoryId), DatasetRules.required("limit", limit));
        publisher.publish(new Change.Used(result.outcome() == UseResult.Outcome.USED ? limit.by() : 0,
                result.outcome() == UseResult.Outcome.AT_LIMIT ? 1 : 0));
        return result;
    }

    public UsageReport all(List<TrajectoryId> trajectoryIds, UsageLimit limit) {
        List<TrajectoryId> ids = List.copyOf(DatasetRules.required("trajectoryIds", trajectoryIds));
        DatasetRules.required("limit", limit);
        UsageReport report = UsageReport.of(ids.isEmpty() ? List.of() : port.usage().useAll(ids, limit));
        publisher.publish(new Change.Used(report.used().size() * limit.by(), report.atLimit().size()));
        return report;
    }
}
