package dev.trajectorydatasets.adapter.inmemory.checkpoint;

import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.checkpoint.CheckpointStore;
import dev.trajectorydatasets.domain.checkpoint.NewCheckpoint;

import java.util.List;
import java.util.NavigableMap;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Checkpoints in memory, by run and version.
 */
public final class MemoryCheckpoints implements CheckpointStore {

    private final Unit unit;
    private final Tables state;

    public MemoryCheckpoints(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public Checkpoint register(NewCheckpoint checkpoint) {
        return unit.write(() -> {
            NavigableMap<Integer, Checkpoint> run = state.checkpoints.computeIfAbsent(checkpoint.runId(), r -> new TreeMap<>());
            int version = checkpoint.nextVersion(() -> run.isEmpty() ? OptionalInt.empty() : OptionalInt.of(run.lastKey()), run::containsKey);
            Checkpoint stored = checkpoint.stored(version);
            run.put(version, stored);
            unit.journal(() -> {
                run.remove(version);
                if (run.isEmpty()) {
                    state.checkpoints.remove(checkpoint.runId());
                }
            });
            return stored;
        });
    }

    @Override
    public int deleteOfRun(RunId runId) {
        return unit.write(() -> {
            NavigableMap<Integer, Checkpoint> run = state.checkpoints.remove(DatasetRules.required("runId", runId));
            if (run == null) {
                return 0;
            }
            unit.journal(() -> state.checkpoints.put(runId, run));
            return run.size();
        });
    }

    @Override
    public List<Checkpoint> ofRun(RunId runId, KeyPage<Integer> page) {
        return unit.read(() -> {
            NavigableMap<Integer, Checkpoint> run = state.checkpoints.getOrDefault(runId, new TreeMap<>());
            NavigableMap<Integer, Checkpoint> newestFirst = run.descendingMap();
            if (page.after().isPresent()) {
                newestFirst = newestFirst.tailMap(page.after().get(), false);
            }
            return newestFirst.values().stream().limit(page.limit()).toList();
        });
    }
}
