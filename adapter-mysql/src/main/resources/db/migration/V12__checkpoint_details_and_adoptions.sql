-- Issue 35: a checkpoint adopted from the dart-gui module keeps its other fields (name, status, source, operator,
-- remark, config_yaml, times) as a JSON object; an adoption that finished writes its row (a copy cut short goes on).
ALTER TABLE checkpoints ADD COLUMN details TEXT NULL DEFAULT NULL;

CREATE TABLE adoptions (
    source      VARCHAR(64)   NOT NULL,
    finished_at DATETIME(6)   NOT NULL,
    PRIMARY KEY (source)
) ${table_options};
