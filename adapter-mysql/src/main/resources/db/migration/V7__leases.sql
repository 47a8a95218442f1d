-- Leases (issue 14): rows a claim reserved instead of counting. A leased row names its lease and the time its
-- hold runs out; claims pass rows whose hold has not run out, so an expired lease needs no job to end it.
-- Instant ADD COLUMN (NULL) on MariaDB 10.3+ and MySQL 8: no row is rewritten.
ALTER TABLE datasets ADD COLUMN lease_id BIGINT NULL DEFAULT NULL;
ALTER TABLE datasets ADD COLUMN leased_until DATETIME(6) NULL DEFAULT NULL;

-- One row per lease: its run (for waking waiting claims), its claim's cap, who took it, when it runs out, when it
-- last gave rows back (acknowledged or released; both indexed for the activity waiting claims watch), and its rows:
-- one line each (record id, used when taken, state, trajectory id), written once when made and once per settlement.
CREATE TABLE leases (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    run_id      ${id_type}    NULL,
    max_used    INT           NULL,
    consumer    ${id_type}    NULL,
    created_at  DATETIME(6)   NOT NULL,
    expires_at  DATETIME(6)   NOT NULL,
    freed_at    DATETIME(6)   NULL,
    items       LONGTEXT      NOT NULL,
    PRIMARY KEY (id)
) ${table_options};

CREATE INDEX idx_leases_expires ON leases (expires_at);
CREATE INDEX idx_leases_freed ON leases (freed_at);

-- Least-used claims walk (run_id, used, leased_until, id) (InnoDB appends id): within each value of used, rows no
-- lease holds come first (NULL sorts first), then rows whose lease ran out, and rows a live lease holds last, so a
-- claim meets held rows only when it wants more rows than the free ones of that use, however many are held.
ALTER TABLE datasets DROP INDEX idx_run_used;
CREATE INDEX idx_run_used ON datasets (run_id, used, leased_until);
ALTER TABLE datasets DROP INDEX idx_used;
CREATE INDEX idx_used ON datasets (used, leased_until);
