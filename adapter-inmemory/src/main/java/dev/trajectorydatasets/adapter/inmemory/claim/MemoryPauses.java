package dev.trajectorydatasets.adapter.inmemory.claim;

import dev.trajectorydatasets.adapter.inmemory.shared.Tables;
import dev.trajectorydatasets.adapter.inmemory.shared.Unit;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.PauseStore;
import dev.trajectorydatasets.domain.claim.RunPause;

import java.util.List;
import java.util.Optional;

/** Paused runs in memory. */
public final class MemoryPauses implements PauseStore {

    private final Unit unit;
    private final Tables state;

    public MemoryPauses(Unit unit) {
        this.unit = unit;
        this.state = unit.state;
    }

    @Override
    public RunPause pause(RunPause pause) {
        DatasetRules.required("pause", pause);
        return unit.write(() -> {
            RunPause first = state.pauses.get(pause.runId());
            if (first != null) {
                return first;
            }
            state.pauses.put(pause.runId(), pause);
            unit.journal(() -> state.pauses.remove(pause.runId()));
            return pause;
        });
    }

    @Override
    public boolean resume(RunId runId) {
        DatasetRules.required("runId", runId);
        return unit.write(() -> {
            RunPause ended = state.pauses.remove(runId);
            if (ended == null) {
                return false;
            }
            unit.journal(() -> state.pauses.put(runId, ended));
            return true;
        });
    }

    @Override
    public Optional<RunPause> of(RunId runId) {
        DatasetRules.required("runId", runId);
        return unit.read(() -> Optional.ofNullable(state.pauses.get(runId)));
    }

    @Override
    public List<RunPause> all() {
        return unit.read(() -> List.copyOf(state.pauses.values()));
    }
}
