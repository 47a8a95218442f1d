package dev.trajectorydatasets.adapter.http.archfixture;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.TrajectoryId;

/** A deliberate violation (test code only): a route must call the use cases, never the port under them. */
public final class RouteCallingThePortDirectly {

    public boolean delete(DatasetPort port, String id) {
        return port.trajectories().delete(TrajectoryId.of(id));
    }
}
