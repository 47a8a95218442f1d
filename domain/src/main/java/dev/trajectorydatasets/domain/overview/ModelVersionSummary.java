package dev.trajectorydatasets.domain.overview;

import dev.trajectorydatasets.domain.DatasetRules;
import java.util.OptionalDouble;

/**
 * One model version of a run (the learning curve): its trajectories, how many are scored, their mean reward, the
 * share of scored ones with a reward above 0, and how many distinct tasks it rolled out.
 */
public record ModelVersionSummary(int modelVersion, long trajectories, long scored, OptionalDouble meanReward,
                                  OptionalDouble positiveShare, long distinctTasks) {

    public ModelVersionSummary {
        DatasetRules.required("meanReward", meanReward);
        DatasetRules.required("positiveShare", positiveShare);
    }
}
