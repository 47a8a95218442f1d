-- Paused runs (issue 34): claims and group claims take nothing from a run listed here. One row per paused run,
-- read by primary key before a claim of the run; operators pause a handful, so it stays tiny.
CREATE TABLE run_pauses (
    run_id  ${id_type}     NOT NULL,
    since   DATETIME(6)    NOT NULL,
    reason  VARCHAR(1000)  NULL,
    PRIMARY KEY (run_id)
) ${table_options};
