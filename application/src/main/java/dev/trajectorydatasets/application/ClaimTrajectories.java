package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;

import java.util.List;

/** A trainer takes trajectories to train on: fresh enough, not used too often, each use counted atomically. */
final class ClaimTrajectories {

    private final DatasetPort port;

    ClaimTrajectories(DatasetPort port) {
        this.port = port;
    }

    List<Dataset> claim(ClaimRequest request) {
        return port.claim(DatasetRules.required("claim", request));
    }
}
