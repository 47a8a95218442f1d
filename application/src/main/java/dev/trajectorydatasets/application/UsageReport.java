package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.Dataset;

import java.util.List;

/**
 * What recording uses of several trajectories did.
 *
 * @param used     the records that were used, after the change, in the order asked
 * @param notFound trajectory ids with no record
 * @param atLimit  trajectory ids whose cap left them unchanged
 */
public record UsageReport(List<Dataset> used, List<String> notFound, List<String> atLimit) {

    public UsageReport {
        used = List.copyOf(used);
        notFound = List.copyOf(notFound);
        atLimit = List.copyOf(atLimit);
    }
}
