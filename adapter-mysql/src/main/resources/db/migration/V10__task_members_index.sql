-- Group claims lock one group of a task, not the whole task (issue 30): a task's members in GroupRules.MEMBER_ORDER
-- (newest model version first, then id), so "the first n free members, FOR UPDATE SKIP LOCKED" reads and locks
-- about n rows and stops. MariaDB before 10.8 ignores DESC here: the claims stay correct there but lock more rows.
CREATE INDEX idx_task_members ON datasets (run_id, task_id, model_version DESC, id);
