-- Random claims walk a random key from a random starting point instead of sorting every eligible row: a claim of
-- k rows then reads and locks about k index entries, whatever the table's size. Rows written before this
-- migration get their key here; the store gives each new row one.
ALTER TABLE datasets ADD COLUMN claim_key INT NOT NULL DEFAULT 0;
UPDATE datasets SET claim_key = FLOOR(RAND() * 2147483647);
CREATE INDEX idx_run_claim_key ON datasets (run_id, claim_key);
CREATE INDEX idx_claim_key ON datasets (claim_key);
