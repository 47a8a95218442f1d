package dev.trajectorydatasets.domain.claim;

import dev.trajectorydatasets.domain.RunId;

import java.util.List;
import java.util.Optional;

/** Which runs' claims are paused. */
public interface PauseStore {

    /** Pauses the run; a run paused already keeps its first pause. Returns the pause in force. */
    RunPause pause(RunPause pause);

    /** Ends the run's pause; returns whether it was paused. */
    boolean resume(RunId runId);

    /** The run's pause, if it is paused. */
    Optional<RunPause> of(RunId runId);

    /** Every paused run, by run id (operators pause a handful). */
    List<RunPause> all();
}
