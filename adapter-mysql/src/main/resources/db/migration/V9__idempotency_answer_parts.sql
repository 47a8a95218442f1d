-- Large stored answers (issue 30): an answer longer than one part keeps its first part in idempotency_keys.body and
-- the rest here, so no statement carries more than a few MB (MariaDB's max_allowed_packet is 16 MiB by default, and
-- a keyed claim's answer may be larger). Purged with their key.
CREATE TABLE idempotency_answer_parts (
    idempotency_key ${id_type}    NOT NULL,
    part            INT           NOT NULL,
    body            LONGTEXT      NOT NULL,
    PRIMARY KEY (idempotency_key, part)
) ${table_options};
