package dev.trajectorydatasets.application.group;

import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.group.GroupSummary;

import java.util.List;
import java.util.Optional;

/**
 * Consumer groups (issue 32): several consumers of one run (a policy trainer, an evaluator, a critic) each count their
 * own uses of the same trajectories. {@link DatasetManager#inGroup} gives a manager whose uses, claims, group claims,
 * leases, statistics, histogram and timeline are the group's; these calls declare, list and delete groups.
 */
public interface GroupOperations {

    /** Makes {@code group} a group of {@code run} (its counts all 0; nothing when it is one already); where it stands. */
    GroupSummary declareConsumerGroup(RunId run, ConsumerGroup group);

    /** Where the group stands in the run; empty when it is not a group of the run (the default group always is). */
    Optional<GroupSummary> getConsumerGroup(RunId run, ConsumerGroup group);

    /** Every run with consumer groups besides the default, by run id. */
    List<RunId> getConsumerGroupRuns();

    /** The run's groups, the default first, then by name, each with its used and unused records and its uses. */
    List<GroupSummary> getConsumerGroups(RunId run);

    /** Forgets the group in the run with its counts and its leases there; whether it was one. The default group cannot be. */
    boolean deleteConsumerGroup(RunId run, ConsumerGroup group);
}
