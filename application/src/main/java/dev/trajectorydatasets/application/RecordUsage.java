package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.UsageLimit;
import dev.trajectorydatasets.domain.UseResult;

import java.util.ArrayList;
import java.util.List;

/** Counts trainings: atomic increments of {@code used} that never pass a cap and never lose a count. */
final class RecordUsage {

    private final DatasetPort port;

    RecordUsage(DatasetPort port) {
        this.port = port;
    }

    UseResult useOne(String trajectoryId, UsageLimit limit) {
        return port.use(DatasetRules.trajectoryId(trajectoryId), DatasetRules.required("limit", limit));
    }

    UsageReport useAll(List<String> trajectoryIds, UsageLimit limit) {
        List<String> ids = DatasetRules.required("trajectory_ids", trajectoryIds).stream().map(DatasetRules::trajectoryId).toList();
        DatasetRules.required("limit", limit);
        return port.inTransaction(tx -> {
            List<Dataset> used = new ArrayList<>();
            List<String> notFound = new ArrayList<>();
            List<String> atLimit = new ArrayList<>();
            for (String id : ids) {
                UseResult result = tx.use(id, limit);
                switch (result.outcome()) {
                    case USED -> used.add(result.dataset().orElseThrow());
                    case NOT_FOUND -> notFound.add(id);
                    case AT_LIMIT -> atLimit.add(id);
                }
            }
            return new UsageReport(used, notFound, atLimit);
        });
    }
}
