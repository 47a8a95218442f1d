package dev.trajectorydatasets.application.checkpoint;

import dev.trajectorydatasets.application.shared.Change;
import dev.trajectorydatasets.application.shared.Publisher;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.checkpoint.NewCheckpoint;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Registers a run's checkpoints, versions assigned atomically. A new checkpoint may make rows eligible for group
 * claims that keep to the latest checkpoints, so it wakes the run's waiting claims.
 */
public final class RegisterCheckpoints {

    private final DatasetPort port;
    private final Clock clock;
    private final Publisher publisher;

    public RegisterCheckpoints(Scope scope) {
        this.port = scope.port();
        this.clock = scope.clock();
        this.publisher = scope.publisher();
    }

    public Checkpoint register(RunId runId, String path, boolean initial) {
        Checkpoint registered = port.checkpoints().register(new NewCheckpoint(runId, path, initial, clock.instant()));
        publisher.publish(new Change.Updated(Optional.of(registered.runId())));
        return registered;
    }

    /**
     * The version of the run's checkpoint saved at {@code path} (the newest, when several were); empty when none
     * was. The rollout workers of the guide's successor module name checkpoints by path.
     */
    public OptionalInt versionOf(RunId runId, String path) {
        return port.checkpoints().versionOf(runId, path);
    }
}
