-- Consumer groups (issue 32): a run's groups other than the default one (the records' own used column), each with
-- a row per record of the run in consumer_group_uses: its count, its lease hold, and the two fields its claims order
-- and filter by (model_version, created_at), so a group's claims read one narrow index as the default's read
-- datasets' own. Every existing row keeps its used and history: nothing here touches datasets.
CREATE TABLE consumer_groups (
    id          INT           NOT NULL AUTO_INCREMENT,
    run_id      ${id_type}    NOT NULL,
    name        ${id_type}    NOT NULL,
    created_at  DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_consumer_group UNIQUE (run_id, name)
) ${table_options};

-- One row per run that has ever had records created or groups declared: what adds records to a run (create, import,
-- move) holds it shared, and declaring a group holds it exclusively, so a group made while records arrive counts
-- every one of them (its rows are written either by the declaration or by the create, never by neither).
CREATE TABLE consumer_group_runs (
    run_id        ${id_type}  NOT NULL,
    groups_count  INT         NOT NULL,
    PRIMARY KEY (run_id)
) ${table_options};

CREATE TABLE consumer_group_uses (
    group_id      INT          NOT NULL,
    dataset_id    BIGINT       NOT NULL,
    used          INT          NOT NULL,
    lease_id      BIGINT       NULL,
    leased_until  DATETIME(6)  NULL,
    model_version INT          NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (group_id, dataset_id)
) ${table_options};

-- Least-used claims of a group: (used, leased_until, dataset_id) within the group, as idx_run_used within a run.
CREATE INDEX idx_group_uses_claim ON consumer_group_uses (group_id, used, leased_until);
-- Group claims of a group walk its eligible entries per (used, model_version) in (created_at, id) order, as
-- idx_group_claim does for the default group.
CREATE INDEX idx_group_uses_walk ON consumer_group_uses (group_id, used, model_version, created_at, dataset_id);

-- The group a usage event counted in, and the group a lease holds its rows for (NULL: the default group).
ALTER TABLE usage_events ADD COLUMN consumer_group ${id_type} NULL DEFAULT NULL;
ALTER TABLE leases ADD COLUMN consumer_group ${id_type} NULL DEFAULT NULL;
