package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.TrajectoryId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Many updates in one unit of work, applied in trajectory-id order so that concurrent batches cannot deadlock. */
final class UpdateDatasets {

    private final DatasetPort port;

    UpdateDatasets(DatasetPort port) {
        this.port = port;
    }

    BatchUpdateResult updateAll(List<TrajectoryUpdate> updates) {
        List<TrajectoryUpdate> checked = List.copyOf(DatasetRules.required("items", updates));
        // Stable: updates of one id keep their order. Rows are then locked in the same order by every batch.
        List<Integer> order = new ArrayList<>(checked.size());
        for (int i = 0; i < checked.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> checked.get(i).trajectoryId()));
        return port.inTransaction(tx -> {
            boolean[] missing = new boolean[checked.size()];
            int updated = 0;
            for (int i : order) {
                TrajectoryUpdate update = checked.get(i);
                if (tx.update(update.trajectoryId(), update.changes()).isPresent()) {
                    updated++;
                } else {
                    missing[i] = true;
                }
            }
            List<TrajectoryId> notFound = new ArrayList<>();
            for (int i = 0; i < checked.size(); i++) {
                if (missing[i]) {
                    notFound.add(checked.get(i).trajectoryId());
                }
            }
            return new BatchUpdateResult(updated, notFound);
        });
    }
}
