-- Leases by consumer (issue 29): a restarted trainer lists and frees what its predecessor holds. Walked by id within
-- one consumer; live ones are filtered on expires_at along the way.
CREATE INDEX idx_leases_consumer ON leases (consumer, id);
