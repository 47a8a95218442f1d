package dev.trajectorydatasets.domain.lease;

/** Where one row of a lease stands. */
public enum LeaseItemState {
    /** Reserved for the lease holder: not counted yet, not eligible for any other claim while the lease lasts. */
    HELD,
    /** Acknowledged: its use was counted, and the lease no longer holds it. */
    ACKNOWLEDGED,
    /** Given back untouched. */
    RELEASED,
    /** Not counted and not held: after the lease expired another claim took it or a write changed its use, it reached its cap, or it was deleted. */
    LOST
}
