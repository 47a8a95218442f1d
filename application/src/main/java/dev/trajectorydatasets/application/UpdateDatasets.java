package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.DatasetChanges;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Changes {@code used}, {@code model_version} and {@code run_id} of one record, or of many in one unit of work. */
final class UpdateDatasets {

    private final DatasetPort port;

    UpdateDatasets(DatasetPort port) {
        this.port = port;
    }

    Optional<Dataset> updateOne(String trajectoryId, DatasetChanges changes) {
        return port.update(DatasetRules.trajectoryId(trajectoryId), TrajectoryUpdate.requireSomeChange(DatasetRules.required("changes", changes)));
    }

    BatchUpdateResult updateAll(List<TrajectoryUpdate> updates) {
        List<TrajectoryUpdate> checked = List.copyOf(DatasetRules.required("items", updates));
        return port.inTransaction(tx -> {
            int updated = 0;
            List<String> notFound = new ArrayList<>();
            for (TrajectoryUpdate update : checked) {
                if (tx.update(update.trajectoryId(), update.changes()).isPresent()) {
                    updated++;
                } else {
                    notFound.add(update.trajectoryId());
                }
            }
            return new BatchUpdateResult(updated, notFound);
        });
    }

    int setUsed(Collection<String> trajectoryIds, int used) {
        List<String> ids = DatasetRules.required("trajectory_ids", trajectoryIds).stream().map(DatasetRules::trajectoryId).toList();
        return ids.isEmpty() ? 0 : port.setUsed(ids, DatasetRules.notNegative("used", used));
    }
}
