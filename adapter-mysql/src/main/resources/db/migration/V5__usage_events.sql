-- The usage history (issue 13): one row per change to a record's used, written in the unit of work that made it.
CREATE TABLE usage_events (
    id              BIGINT         NOT NULL AUTO_INCREMENT,
    trajectory_id   ${id_type}     NOT NULL,
    run_id          ${id_type}     NULL,
    change_by       INT            NOT NULL,
    kind            VARCHAR(16)    NOT NULL,
    occurred_at     DATETIME(6)    NOT NULL,
    idempotency_key VARCHAR(255)   NULL,
    consumer        ${id_type}     NULL,
    PRIMARY KEY (id)
) ${table_options};

-- A trajectory's history, oldest first; a run's, oldest first (a time range filters within it).
CREATE INDEX idx_events_trajectory ON usage_events (trajectory_id, id);
CREATE INDEX idx_events_run ON usage_events (run_id, id);

-- History begins here: each record already used gets one BASELINE event of its used, dated by its created_at, so
-- that used equals the sum of its history for every record, old ones included.
INSERT INTO usage_events (trajectory_id, run_id, change_by, kind, occurred_at)
SELECT trajectory_id, run_id, used, 'BASELINE', created_at FROM datasets WHERE used > 0 ORDER BY id;
