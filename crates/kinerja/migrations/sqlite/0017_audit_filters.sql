-- The history page filters by kind of object and by date: each filter walks its own index
-- newest first instead of the instansi's whole chain.
CREATE INDEX audit_kind ON audit_events (instansi_id, object_type, seq);
CREATE INDEX audit_at ON audit_events (instansi_id, at);
