-- The guide's table. Differences, each on purpose (see README "Schema"):
--   id BIGINT (room past 2^31 records), used/model_version NOT NULL,
--   created_at DATETIME(6) holding UTC (no session time-zone conversion, no 2038 limit, microseconds),
--   ids compared byte-exactly (utf8mb4_bin): 'Traj' and 'traj' are different trajectories.
CREATE TABLE datasets (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    trajectory_id ${id_type}    NOT NULL,
    created_at    DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    used          INT           NOT NULL DEFAULT 0,
    model_version INT           NOT NULL DEFAULT 0,
    run_id        ${id_type}    NULL DEFAULT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_trajectory_id UNIQUE (trajectory_id)
) ${table_options};

-- Pages of one run walk this index in (run_id, id) order: InnoDB appends the primary key to it.
CREATE INDEX idx_run_id ON datasets (run_id);
