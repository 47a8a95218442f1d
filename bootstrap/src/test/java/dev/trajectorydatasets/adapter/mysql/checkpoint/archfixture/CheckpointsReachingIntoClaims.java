package dev.trajectorydatasets.adapter.mysql.checkpoint.archfixture;

import dev.trajectorydatasets.adapter.mysql.claim.ClaimLocking;

/** Breaks the rule on purpose: the checkpoint feature of the SQL store uses the claims' locking, which it does not declare. */
public final class CheckpointsReachingIntoClaims {

    public boolean skipsLocked(ClaimLocking locking) {
        return locking.skipsLocked();
    }
}
