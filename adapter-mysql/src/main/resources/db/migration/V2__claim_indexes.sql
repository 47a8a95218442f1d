-- Claims take the least used rows first. InnoDB appends the primary key, so (run_id, used) is walked in
-- (used, id) order for one run and idx_used for all runs: a claim reads about as many index entries as it
-- takes, whatever the size of the table.
CREATE INDEX idx_run_used ON datasets (run_id, used);
CREATE INDEX idx_used ON datasets (used);
