-- PostgreSQL's organisation triggers now move instansi.org_version once per statement (see
-- its migration of the same name): there every UPDATE leaves a version of the row behind
-- until the transaction ends. SQLite updates the row in place and has no statement-level
-- triggers, so its per-row triggers stay as they are.
SELECT 1;
