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
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseSettlement;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

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

    public ClaimTrajectories(Scope scope, WaitRoom room) {
        this.port = scope.port();
        this.publisher = scope.publisher();
        this.room = room;
    }

    public List<Trajectory> claim(ClaimRequest request) {
        return taken(DataActivity.ClaimKind.CLAIM, port.claims().claim(DatasetRules.required("request", request)), List::size);
    }

    public GroupClaim claimGroups(GroupClaimRequest request) {
        return taken(DataActivity.ClaimKind.GROUP_CLAIM, port.claims().claimGroups(DatasetRules.required("request", request)),
                claim -> claim.members().size());
    }

    public Leased<List<Trajectory>> lease(ClaimRequest request, LeaseTerms terms) {
        return taken(DataActivity.ClaimKind.LEASE, port.claims().leaseClaim(DatasetRules.required("request", request),
                DatasetRules.required("terms", terms)), leased -> leased.taken().size());
    }

    public Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms) {
        return taken(DataActivity.ClaimKind.GROUP_LEASE, port.claims().leaseGroups(leasable(request), DatasetRules.required("terms", terms)),
                leased -> leased.taken().members().size());
    }

    public <T> CompletableFuture<T> whenReady(Optional<RunId> run, Duration wait, ReadyAttempt<T> attempt) {
        DatasetRules.required("run", run);
        DatasetRules.required("wait", wait);
        return room.await(run, wait, DatasetRules.required("attempt", attempt));
    }

    public CompletableFuture<List<Trajectory>> claimWhenReady(ClaimRequest request, Duration wait) {
        DatasetRules.required("request", request);
        return whenReady(request.runId(), wait, last -> answer(port.claims().claim(request), List::isEmpty, last)
                .map(taken -> taken(DataActivity.ClaimKind.CLAIM, taken, List::size)));
    }

    public CompletableFuture<GroupClaim> claimGroupsWhenReady(GroupClaimRequest request, Duration wait) {
        DatasetRules.required("request", request);
        return whenReady(Optional.of(request.runId()), wait, last -> answer(port.claims().claimGroups(request), c -> c.groups().isEmpty(), last)
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
        return whenReady(Optional.of(request.runId()), wait, last -> answer(port.claims().leaseGroups(request, terms),
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
