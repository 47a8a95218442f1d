package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.checkpoint.NewCheckpoint;
import dev.trajectorydatasets.domain.RunId;

import java.time.Clock;
import java.util.Optional;

/**
 * Registers a run's checkpoints, versions assigned atomically. A new checkpoint may make rows eligible for group
 * claims that keep to the latest checkpoints, so it wakes the run's waiting claims.
 */
final class RegisterCheckpoints {

    private final DatasetPort port;
    private final Clock clock;
    private final Publisher publisher;

    RegisterCheckpoints(Scope scope) {
        this.port = scope.port();
        this.clock = scope.clock();
        this.publisher = scope.publisher();
    }

    Checkpoint register(RunId runId, String path, boolean initial) {
        Checkpoint registered = port.checkpoints().register(new NewCheckpoint(runId, path, initial, clock.instant()));
        publisher.publish(new Change.Updated(Optional.of(registered.runId())));
        return registered;
    }
}
