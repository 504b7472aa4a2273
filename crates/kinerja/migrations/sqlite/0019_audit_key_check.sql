-- Which audit key signs this database's chains, as a keyed fingerprint (never the key):
-- a server started with another key (a second server whose data directory generated its
-- own) refuses to start instead of writing events nobody can verify.
CREATE TABLE audit_key_check (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL
);
