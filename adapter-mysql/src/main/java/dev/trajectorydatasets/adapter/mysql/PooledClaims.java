package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.ClaimStore;
import dev.trajectorydatasets.domain.Dataset;
import dev.trajectorydatasets.domain.GroupClaim;
import dev.trajectorydatasets.domain.GroupClaimRequest;
import dev.trajectorydatasets.domain.LeaseTerms;
import dev.trajectorydatasets.domain.Leased;

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
    public List<Dataset> claim(ClaimRequest request) {
        return locking.around(request.count(), () -> units.transaction(unit -> unit.claims().claimNow(request)));
    }

    @Override
    public GroupClaim claimGroups(GroupClaimRequest request) {
        return locking.around(request.maxMembers(), () -> units.transaction(unit -> unit.claims().claimGroupsNow(request)));
    }

    @Override
    public Leased<List<Dataset>> leaseClaim(ClaimRequest request, LeaseTerms terms) {
        return locking.around(request.count(), () -> units.transaction(unit -> unit.claims().leaseClaimNow(request, terms)));
    }

    @Override
    public Leased<GroupClaim> leaseGroups(GroupClaimRequest request, LeaseTerms terms) {
        return locking.around(request.maxMembers(), () -> units.transaction(unit -> unit.claims().leaseGroupsNow(request, terms)));
    }
}
