package dev.trajectorydatasets.domain.group;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.RunId;

import java.util.List;
import java.util.Optional;

/**
 * The consumer groups of runs. A group of a run exists once declared here or once something counts in it there (a
 * use, a claim, a lease); from then on every record of the run, present or future, has a count in it, starting at 0.
 * The default group exists in every run and cannot be deleted.
 */
public interface ConsumerGroupStore {

    /** Makes {@code group} a group of {@code run} (nothing when it is one already) and returns where it stands. */
    GroupSummary declare(RunId run, ConsumerGroup group);

    /** Where the group stands in the run; empty when it is not a group of the run. */
    Optional<GroupSummary> find(RunId run, ConsumerGroup group);

    /** Every run that has consumer groups besides the default, by run id (the store's binary order). */
    List<RunId> runs();

    /** The run's groups: the default one first, then the others by name (the store's binary order). */
    List<GroupSummary> ofRun(RunId run);

    /**
     * Forgets the group in the run with every count it kept there (its usage events stay, as history); the run's
     * leases of the group end with it. Returns whether it was a group of the run.
     *
     * @throws dev.trajectorydatasets.domain.InvalidInputException for the default group
     */
    boolean delete(RunId run, ConsumerGroup group);

    /** Forgets every group of the run but the default (when the run itself is deleted); returns how many there were. */
    int deleteOfRun(RunId run);
}
