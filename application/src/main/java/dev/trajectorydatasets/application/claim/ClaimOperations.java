package dev.trajectorydatasets.application.claim;

import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Taking trajectories to train on: claims that count at once, leases that count when acknowledged, of single
 * trajectories or whole task groups, now or waiting for enough to be eligible; and a trainer's whole step. Concurrent
 * claimers, in this process or others on the same database, never get the same use and never pass {@code maxUsed}.
 */
public interface ClaimOperations {

    /**
     * Takes up to {@code request.count()} eligible trajectories and counts one use of each, atomically; returns
     * them after the change (possibly fewer, possibly none). Concurrent claimers, in this process or others on the
     * same database, never get the same use and never pass {@code maxUsed}.
     */
    List<Trajectory> claimTrajectories(ClaimRequest request);

    /**
     * Takes whole groups of one task's fresh, unused rollouts and counts one use of each member, atomically (see
     * {@link GroupClaimRequest} and {@link dev.trajectorydatasets.domain.claim.GroupRules}); or takes nothing when fewer
     * than {@code minGroups} tasks are eligible, saying how many were. Concurrent claimers never share a member.
     */
    GroupClaim claimGroups(GroupClaimRequest request);

    /**
     * {@link #claimTrajectories}, reserving instead of counting: the trajectories (returned as they are, their use
     * not counted) are held by a new lease for {@code terms}, out of every other claim's reach, until the holder
     * acknowledges (counts) or releases them, or the lease runs out and they are simply eligible again.
     */
    Leased<List<Trajectory>> leaseTrajectories(ClaimRequest request, LeaseTerms terms);

    /** {@link #claimGroups}, reserving instead of counting, as {@link #leaseTrajectories} does. */
    Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms);

    /**
     * Tries {@code attempt} now and, while it takes nothing, again whenever records of {@code run} may have become
     * eligible (created or given back through this manager, or noticed by a poll of the store every 100 ms while
     * anyone waits), for up to {@code wait}; then once more, answering whatever it finds. No thread waits: the
     * future completes on the manager's wait thread. Past the waiter limit, a {@link TooManyWaitersException}.
     */
    <T> CompletableFuture<T> whenReady(Optional<RunId> run, Duration wait, ReadyAttempt<T> attempt);

    /** {@link #claimTrajectories}, waiting up to {@code wait} for at least {@code request.minCount()} to be eligible. */
    CompletableFuture<List<Trajectory>> claimTrajectoriesWhenReady(ClaimRequest request, Duration wait);

    /** {@link #claimGroups}, waiting up to {@code wait} for at least {@code request.minGroups()} tasks to be eligible. */
    CompletableFuture<GroupClaim> claimGroupsWhenReady(GroupClaimRequest request, Duration wait);

    /**
     * A trainer's next step in one call: acknowledges {@code previous} (when given) and commits that at once, so what
     * was trained is counted and cannot be served again however long this waits; then leases groups as
     * {@link #leaseGroups} does, waiting up to {@code wait} for at least {@code request.minGroups()} tasks.
     */
    CompletableFuture<TrainerStep<GroupClaim>> nextGroupStep(GroupClaimRequest request, LeaseTerms terms, Duration wait,
                                                                   Optional<LeaseId> previous);

    /** How many claims wait for data now. */
    int waitingClaims();

    /** Answers every waiting claim now (each tries one last time) and no longer waits: what a stopping server does. */
    void stopWaiting();

    /**
     * Pauses the run's claims: while paused, claims and group claims of the run take nothing (the HTTP answer says
     * why), waiting claims keep waiting, and creates, acknowledgements and reads go on. A run paused already keeps its
     * first pause, which is returned. A claim that names no run passes over the paused runs' rows.
     */
    RunPause pauseRun(RunId runId, Optional<String> reason);

    /** Ends the run's pause (waiting claims of the run try again at once); returns whether it was paused. */
    boolean resumeRun(RunId runId);

    /** The run's pause, if it is paused. */
    Optional<RunPause> getPause(RunId runId);

    /** Every paused run, by run id. */
    List<RunPause> getPausedRuns();
}
