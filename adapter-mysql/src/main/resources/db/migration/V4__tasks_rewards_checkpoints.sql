-- Tasks, rewards and checkpoints (issue 12). Adding NULL columns rewrites no row on MariaDB 10.3+ and MySQL 8
-- (instant ADD COLUMN); existing rows read as "no task, not scored, no attributes".
ALTER TABLE datasets ADD COLUMN task_id ${id_type} NULL DEFAULT NULL;
ALTER TABLE datasets ADD COLUMN reward DOUBLE NULL DEFAULT NULL;
-- TEXT, not JSON: MySQL's JSON type rewrites the text; this keeps what the producer sent.
ALTER TABLE datasets ADD COLUMN attributes TEXT NULL DEFAULT NULL;

-- Group claims walk a run's eligible members: for each value of used below max_used and each fresh model version,
-- the entries of (run_id, used, model_version) come in (created_at, id) order (id named here, so it sorts before
-- task_id; InnoDB does not append it twice), with task_id and reward in the entry, so a claim meets tasks in its
-- order without a sort and without reading a row, and stops once it has enough: its cost follows what it takes.
CREATE INDEX idx_group_claim ON datasets (run_id, used, model_version, created_at, id, task_id, reward);
-- The members of one task of a run: what a group claim locks, what the task overview and delete read.
CREATE INDEX idx_run_task ON datasets (run_id, task_id);

CREATE TABLE checkpoints (
    run_id      ${id_type}     NOT NULL,
    version     INT            NOT NULL,
    path        VARCHAR(8192)  NOT NULL, -- 4,096 code points (H2 counts UTF-16 units)
    created_at  DATETIME(6)    NOT NULL,
    PRIMARY KEY (run_id, version)
) ${table_options};

-- One row per run that registers checkpoints: registrations lock it first, so versions are assigned one at a
-- time per run (max + 1) without gap-lock deadlocks between concurrent registrations.
CREATE TABLE checkpoint_runs (
    run_id      ${id_type}     NOT NULL,
    PRIMARY KEY (run_id)
) ${table_options};
