package dev.trajectorydatasets.application.claim;

import dev.trajectorydatasets.application.lease.SettleLeases;
import dev.trajectorydatasets.application.shared.Change;
import dev.trajectorydatasets.application.shared.DataActivity;
import dev.trajectorydatasets.application.shared.Publisher;
import dev.trajectorydatasets.application.shared.Scope;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseSettlement;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Takes eligible trajectories: counted at once (claims, group claims) or reserved under a lease; now, or waiting in
 * the {@link WaitRoom} for enough to be eligible; and a trainer's whole step (acknowledge the last, lease the next).
 * A poll that finds nothing is not a claim: only the answer is reported.
 */
public final class ClaimTrajectories {

    private final DatasetPort port;
    private final Publisher publisher;
    private final WaitRoom room;
    private final Clock clock;

    public ClaimTrajectories(Scope scope, WaitRoom room) {
        this.port = scope.port();
        this.publisher = scope.publisher();
        this.room = room;
        this.clock = scope.clock();
    }

    public RunPause pause(RunId runId, Optional<String> reason) {
        return port.pauses().pause(new RunPause(DatasetRules.required("runId", runId), clock.instant(), DatasetRules.required("reason", reason)));
    }

    public boolean resume(RunId runId) {
        boolean paused = port.pauses().resume(DatasetRules.required("runId", runId));
        if (paused) {
            publisher.publish(new Change.Updated(Optional.of(runId)));
        }
        return paused;
    }

    public Optional<RunPause> pauseOf(RunId runId) {
        return port.pauses().of(DatasetRules.required("runId", runId));
    }

    public List<RunPause> pauses() {
        return port.pauses().all();
    }

    /** Whether a claim of {@code run} must take nothing: the run is paused. */
    private boolean paused(Optional<RunId> run) {
        return run.isPresent() && port.pauses().of(run.get()).isPresent();
    }

    /** A claim that names no run passes over the paused runs' rows. */
    private ClaimRequest unpaused(ClaimRequest request) {
        if (request.runId().isPresent()) {
            return request;
        }
        List<RunPause> pauses = port.pauses().all();
        return pauses.isEmpty() ? request : request.excluding(pauses.stream().map(RunPause::runId).collect(java.util.stream.Collectors.toSet()));
    }

    public List<Trajectory> claim(ClaimRequest request) {
        DatasetRules.required("request", request);
        return taken(DataActivity.ClaimKind.CLAIM, paused(request.runId()) ? List.<Trajectory>of() : port.claims().claim(unpaused(request)), List::size);
    }

    public GroupClaim claimGroups(GroupClaimRequest request) {
        DatasetRules.required("request", request);
        return taken(DataActivity.ClaimKind.GROUP_CLAIM, paused(Optional.of(request.runId())) ? GroupClaim.nothing(0)
                : port.claims().claimGroups(request), claim -> claim.members().size());
    }

    public Leased<List<Trajectory>> lease(ClaimRequest request, LeaseTerms terms) {
        DatasetRules.required("request", request);
        DatasetRules.required("terms", terms);
        return taken(DataActivity.ClaimKind.LEASE, paused(request.runId()) ? new Leased<>(List.<Trajectory>of(), Optional.empty())
                : port.claims().leaseClaim(unpaused(request), terms), leased -> leased.taken().size());
    }

    public Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms) {
        leasable(request);
        DatasetRules.required("terms", terms);
        return taken(DataActivity.ClaimKind.GROUP_LEASE, paused(Optional.of(request.runId())) ? new Leased<>(GroupClaim.nothing(0), Optional.empty())
                : port.claims().leaseGroups(request, terms), leased -> leased.taken().members().size());
    }

    public <T> CompletableFuture<T> whenReady(Optional<RunId> run, Duration wait, ReadyAttempt<T> attempt) {
        DatasetRules.required("run", run);
        DatasetRules.required("wait", wait);
        return room.await(run, wait, DatasetRules.required("attempt", attempt));
    }

    public CompletableFuture<List<Trajectory>> claimWhenReady(ClaimRequest request, Duration wait) {
        DatasetRules.required("request", request);
        return whenReady(request.runId(), wait, last -> answer(paused(request.runId()) ? List.<Trajectory>of() : port.claims().claim(unpaused(request)),
                List::isEmpty, last)
                .map(taken -> taken(DataActivity.ClaimKind.CLAIM, taken, List::size)));
    }

    public CompletableFuture<GroupClaim> claimGroupsWhenReady(GroupClaimRequest request, Duration wait) {
        DatasetRules.required("request", request);
        return whenReady(Optional.of(request.runId()), wait, last -> answer(paused(Optional.of(request.runId())) ? GroupClaim.nothing(0)
                : port.claims().claimGroups(request), c -> c.groups().isEmpty(), last)
                .map(claim -> taken(DataActivity.ClaimKind.GROUP_CLAIM, claim, c -> c.members().size())));
    }

    /**
     * Acknowledges {@code previous} (when given) and commits that at once, so what was trained is counted and cannot
     * be served again however long this waits; then leases groups, waiting up to {@code wait}.
     */
    public CompletableFuture<TrainerStep<GroupClaim>> nextGroupStep(GroupClaimRequest request, LeaseTerms terms, Duration wait,
                                                            Optional<LeaseId> previous, SettleLeases leases) {
        leasable(request);
        DatasetRules.required("terms", terms);
        Optional<LeaseSettlement> acknowledged = DatasetRules.required("previous", previous)
                .map(id -> leases.acknowledge(id, Optional.empty()));
        return whenReady(Optional.of(request.runId()), wait, last -> answer(paused(Optional.of(request.runId()))
                ? new Leased<>(GroupClaim.nothing(0), Optional.empty()) : port.claims().leaseGroups(request, terms),
                leased -> leased.taken().groups().isEmpty(), last)
                .map(leased -> new TrainerStep<>(acknowledged, taken(DataActivity.ClaimKind.GROUP_LEASE, leased,
                        l -> l.taken().members().size()))));
    }

    private static GroupClaimRequest leasable(GroupClaimRequest request) {
        DatasetRules.required("request", request);
        if (request.maxMembers() > Lease.MAX_ROWS) {
            throw new InvalidInputException("maxGroups", "times groupSize must be at most " + Lease.MAX_ROWS
                    + " members for a lease, was " + request.maxMembers());
        }
        return request;
    }

    /** What a waiting try answers: what it took, or (when it took nothing) nothing yet unless it is the last try. */
    private static <T> Optional<T> answer(T taken, Predicate<T> empty, boolean last) {
        return empty.test(taken) && !last ? Optional.empty() : Optional.of(taken);
    }

    private <T> T taken(DataActivity.ClaimKind kind, T taken, Function<T, Integer> rows) {
        publisher.publish(new Change.Taken(kind, rows.apply(taken)));
        return taken;
    }
}
