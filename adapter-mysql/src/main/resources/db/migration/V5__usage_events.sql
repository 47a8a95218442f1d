-- The usage history (issue 13): one row per change to a record's used, written in the unit of work that made it.
-- Keyed by the record's id (a BIGINT), not its trajectory id: the one secondary index stays small, so a bulk use
-- or claim adds its events in one multi-row INSERT at little cost. run_id is the record's run when the change was
-- made; filters by run go through the records now in the run (idx_run_id).
CREATE TABLE usage_events (
    id              BIGINT         NOT NULL AUTO_INCREMENT,
    dataset_id      BIGINT         NOT NULL,
    run_id          ${id_type}     NULL,
    change_by       INT            NOT NULL,
    kind            VARCHAR(16)    NOT NULL,
    occurred_at     DATETIME(6)    NOT NULL,
    idempotency_key VARCHAR(255)   NULL,
    consumer        ${id_type}     NULL,
    PRIMARY KEY (id)
) ${table_options};

-- A record's history, oldest first; deleting it with the record.
CREATE INDEX idx_events_dataset ON usage_events (dataset_id, id);

-- History begins here: each record already used gets one BASELINE event of its used, dated by its created_at, so
-- that used equals the sum of its history for every record, old ones included.
INSERT INTO usage_events (dataset_id, run_id, change_by, kind, occurred_at)
SELECT id, run_id, used, 'BASELINE', created_at FROM datasets WHERE used > 0 ORDER BY id;
