-- Issue 33: the walks of group claims read idx_group_claim (idx_group_uses_walk for a consumer group) and met every
-- task whose members a live lease holds; each such task cost the claim a locking read that kept the held rows
-- locked (MariaDB keeps the locks of rows a locking read passes through a secondary index, even under READ
-- COMMITTED), so with 192 trainers holding leases a claim sent ~200 statements and acknowledgements waited for it.
-- With leased_until in the index the walk passes held rows inside the index, with no row read and no lock.
ALTER TABLE datasets DROP INDEX idx_group_claim;
CREATE INDEX idx_group_claim ON datasets (run_id, used, model_version, created_at, id, task_id, reward, leased_until);
ALTER TABLE consumer_group_uses DROP INDEX idx_group_uses_walk;
CREATE INDEX idx_group_uses_walk ON consumer_group_uses (group_id, used, model_version, created_at, dataset_id, leased_until);
