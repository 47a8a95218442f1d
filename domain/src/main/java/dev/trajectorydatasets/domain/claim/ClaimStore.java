package dev.trajectorydatasets.domain.claim;

import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import java.util.List;

/**
 * Claims: take eligible records (one by one, or whole task groups) and count a use of each, or reserve them
 * under a lease. Concurrent claims never return the same use twice and never pass {@code maxUsed}.
 */
public interface ClaimStore {

    /**
     * Takes up to {@code request.count()} eligible records in the requested order, adds one to each one's
     * {@code used}, and returns them after the change; fewer only when fewer are eligible and not being claimed
     * at this moment, none only when none is. Atomic: concurrent claims never return the same use twice and never
     * pass {@code maxUsed}. A claim locks only the rows it takes (or a small multiple), whatever the table's size.
     */
    List<Trajectory> claim(ClaimRequest request);

    /**
     * A trainer's step (see {@link GroupClaimRequest} and {@link GroupRules}): takes whole groups of one task's
     * eligible members, counts one use of each member, and returns them after the change, in the claim's task
     * order; or takes nothing when fewer than {@code minGroups} tasks are eligible. Atomic: concurrent group claims
     * and claims never return the same member twice and never pass {@code maxUsed}.
     */
    GroupClaim claimGroups(GroupClaimRequest request);

    /**
     * {@link #claim}, reserving instead of counting: the records taken (as they are, {@code used} unchanged) are held
     * by a new lease of {@code terms}, out of every other claim's and group claim's reach until it runs out. No lease
     * is made when nothing is taken.
     */
    Leased<List<Trajectory>> leaseClaim(ClaimRequest request, LeaseTerms terms);

    /** {@link #claimGroups}, reserving instead of counting, as {@link #leaseClaim} does. */
    Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms);
}
