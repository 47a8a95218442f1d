package dev.trajectorydatasets.application.trajectory;

import dev.trajectorydatasets.application.shared.Change;
import dev.trajectorydatasets.application.shared.Publisher;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Changes to stored trajectories: one record's fields, many updates in one unit of work (applied in trajectory-id
 * order so that concurrent batches cannot deadlock), or one {@code used} for many records.
 */
public final class UpdateDatasets {

    private final DatasetPort port;
    private final Publisher publisher;

    public UpdateDatasets(Scope scope) {
        this.port = scope.port();
        this.publisher = scope.publisher();
    }

    public Optional<Trajectory> updateOne(TrajectoryId trajectoryId, TrajectoryChanges changes) {
        Optional<Trajectory> after = port.trajectories().update(DatasetRules.required("trajectoryId", trajectoryId),
                TrajectoryUpdate.requireSomeChange(changes));
        after.ifPresent(record -> publisher.publish(new Change.Updated(record.runId())));
        return after;
    }

    /**
     * A re-roll: the record made again by model version {@code modelVersion} (with {@code others}, its new reward,
     * task or attributes), its uses back to 0 and a {@code REROLL} event in its history; {@code others} may not set
     * {@code used} or the run.
     */
    public Optional<Trajectory> reroll(TrajectoryId trajectoryId, int modelVersion, TrajectoryChanges others) {
        DatasetRules.required("changes", others);
        if (others.used().isPresent()) {
            throw new InvalidInputException("used", "a re-roll sets used to 0 itself");
        }
        if (others.runId().isPresent()) {
            throw new InvalidInputException("run_id", "a re-roll keeps the record in its run");
        }
        Optional<Trajectory> after = port.trajectories().reroll(DatasetRules.required("trajectoryId", trajectoryId),
                others.withModelVersion(DatasetRules.notNegative("model_version", modelVersion)));
        after.ifPresent(record -> publisher.publish(new Change.Updated(record.runId())));
        return after;
    }

    public int setUsed(Collection<TrajectoryId> trajectoryIds, int newUsed) {
        List<TrajectoryId> ids = List.copyOf(DatasetRules.required("trajectoryIds", trajectoryIds));
        int found = ids.isEmpty() ? 0 : port.usage().setUsed(ids, DatasetRules.notNegative("used", newUsed));
        publisher.publish(new Change.Updated(Optional.empty()));
        return found;
    }

    public BatchUpdateResult updateAll(List<TrajectoryUpdate> updates) {
        BatchUpdateResult result = applyAll(updates);
        publisher.publish(new Change.Updated(Optional.empty()));
        return result;
    }

    private BatchUpdateResult applyAll(List<TrajectoryUpdate> updates) {
        List<TrajectoryUpdate> checked = List.copyOf(DatasetRules.required("items", updates));
        if (!checked.isEmpty() && checked.stream().allMatch(update -> update.changes().setsOnlyUsed())) {
            try {
                return setUsedInBulk(checked);
            } catch (SomeMissing missing) {
                // Which ones, the item-by-item way below says (the bulk attempt was rolled back).
            }
        }
        // Stable: updates of one id keep their order. Rows are then locked in the same order by every batch.
        List<Integer> order = new ArrayList<>(checked.size());
        for (int i = 0; i < checked.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> checked.get(i).trajectoryId()));
        return oneByOne(checked, order);
    }

    /**
     * A batch that only sets {@code used}: each record's last value, in one unit ({@link dev.trajectorydatasets.domain.usage.UsageCounter#setUsedEach}, a
     * few statements whatever the values); one usage event per record. Rolled back ({@link SomeMissing}) when any id
     * is not stored, so the item-by-item way can name them.
     */
    private BatchUpdateResult setUsedInBulk(List<TrajectoryUpdate> checked) {
        Map<TrajectoryId, Integer> last = new LinkedHashMap<>();
        checked.forEach(update -> last.put(update.trajectoryId(), update.changes().used().getAsInt()));
        return port.inTransaction(tx -> {
            if (tx.usage().setUsedEach(last) != last.size()) {
                throw new SomeMissing();
            }
            return new BatchUpdateResult(checked.size(), List.of());
        });
    }

    /** Some listed record does not exist: undoes the bulk attempt. */
    private static final class SomeMissing extends RuntimeException {
        SomeMissing() {
            super(null, null, false, false);
        }
    }

    private BatchUpdateResult oneByOne(List<TrajectoryUpdate> checked, List<Integer> order) {
        return port.inTransaction(tx -> {
            boolean[] missing = new boolean[checked.size()];
            int updated = 0;
            for (int i : order) {
                TrajectoryUpdate update = checked.get(i);
                // A change of used alone goes through the usage counter: in a consumer group's view, the group's count.
                boolean found = update.changes().setsOnlyUsed()
                        ? tx.usage().setUsedEach(Map.of(update.trajectoryId(), update.changes().used().getAsInt())) == 1
                        : tx.trajectories().update(update.trajectoryId(), update.changes()).isPresent();
                if (found) {
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
