-- The head of each audit chain is signed with the audit key: without the key nobody can
-- delete the newest events and point the head at the new last one.
ALTER TABLE audit_heads ADD COLUMN signature TEXT NOT NULL DEFAULT '';
