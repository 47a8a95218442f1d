package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.adapter.mysql.claim.ClaimLocking;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.ClaimStore;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.util.List;

/**
 * Claims outside a unit of work: each waits its turn at {@link ClaimLocking#around} (which bounds the rows locked at
 * once, or serialises claims where the database cannot skip locked rows) before its transaction starts, so a
 * claimer waiting for its turn holds no connection.
 */
final class PooledClaims implements ClaimStore {

    private final Transactor units;
    private final ClaimLocking locking;

    PooledClaims(Transactor units, ClaimLocking locking) {
        this.units = units;
        this.locking = locking;
    }

    @Override
    public List<Trajectory> claim(ClaimRequest request) {
        return locking.around(request.count(), () -> units.transaction(unit -> unit.claims().claimNow(request)));
    }

    @Override
    public GroupClaim claimGroups(GroupClaimRequest request) {
        return locking.around(request.maxMembers(), () -> units.transaction(unit -> unit.claims().claimGroupsNow(request)));
    }

    @Override
    public Leased<List<Trajectory>> leaseClaim(ClaimRequest request, LeaseTerms terms) {
        return locking.around(request.count(), () -> units.transaction(unit -> unit.claims().leaseClaimNow(request, terms)));
    }

    @Override
    public Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms) {
        return locking.around(request.maxMembers(), () -> units.transaction(unit -> unit.claims().leaseGroupsNow(request, terms)));
    }
}
