-- Leases (issue 14): rows a claim reserved instead of counting. A leased row names its lease and the time its
-- hold runs out; claims pass rows whose hold has not run out, so an expired lease needs no job to end it.
-- Instant ADD COLUMN (NULL) on MariaDB 10.3+ and MySQL 8: no row is rewritten.
ALTER TABLE datasets ADD COLUMN lease_id BIGINT NULL DEFAULT NULL;
ALTER TABLE datasets ADD COLUMN leased_until DATETIME(6) NULL DEFAULT NULL;

-- One row per lease: its run (for waking waiting claims), its claim's cap, who took it, when it runs out, and when
-- it last gave rows back (acknowledged or released), both indexed for the activity waiting claims watch.
CREATE TABLE leases (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    run_id      ${id_type}    NULL,
    max_used    INT           NULL,
    consumer    ${id_type}    NULL,
    created_at  DATETIME(6)   NOT NULL,
    expires_at  DATETIME(6)   NOT NULL,
    freed_at    DATETIME(6)   NULL,
    PRIMARY KEY (id)
) ${table_options};

CREATE INDEX idx_leases_expires ON leases (expires_at);
CREATE INDEX idx_leases_freed ON leases (freed_at);

-- A lease's rows in the order taken, each with its use when taken (after expiry an acknowledgement counts only if
-- nobody changed it since) and its state (HELD, ACKNOWLEDGED, RELEASED, LOST).
CREATE TABLE lease_items (
    lease_id       BIGINT        NOT NULL,
    position       INT           NOT NULL,
    dataset_id     BIGINT        NOT NULL,
    trajectory_id  ${id_type}    NOT NULL,
    used_at_lease  INT           NOT NULL,
    state          VARCHAR(16)   NOT NULL,
    PRIMARY KEY (lease_id, position)
) ${table_options};
