-- Idempotency keys (issue 13): each key with what its request was and the answer it got, written in the
-- transaction of the request's effect. Purged by age (created_at) in small batches.
CREATE TABLE idempotency_keys (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    idempotency_key ${id_type}    NOT NULL,
    fingerprint     VARCHAR(255)  NOT NULL,
    status          INT           NOT NULL,
    body            LONGTEXT      NULL,
    created_at      DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_idempotency_key UNIQUE (idempotency_key)
) ${table_options};

CREATE INDEX idx_idempotency_created ON idempotency_keys (created_at);
