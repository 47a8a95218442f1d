package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.RunId;

/** A run (null: records or leases without one) where something happened, and its newest record id. */
public final class RunActivity {
    public RunId runId;
    public long lastId;
}
