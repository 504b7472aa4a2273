-- instansi.org_version moves once per statement that changes the organisation, not once per
-- row. On PostgreSQL every UPDATE leaves a new version of the instansi row, and until the
-- transaction ends none of them can be cleaned away: after a bulk write of 15,000 employees
-- in one transaction, each foreign-key check against instansi in that transaction walked
-- 15,000 versions of one row. Copying the demo regency (2.2 million rows) ran for more than
-- fifteen minutes, nearly all of it in those checks. The caches need only that the counter
-- changes with every change, which one step per statement gives.
DROP TRIGGER units_org ON units;
DROP TRIGGER positions_org ON positions;
DROP TRIGGER employees_org ON employees;
DROP TRIGGER acting_assignments_org ON acting_assignments;
DROP FUNCTION kinerja_org_changed();

CREATE FUNCTION kinerja_org_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE instansi SET org_version = org_version + 1
     WHERE id IN (SELECT DISTINCT instansi_id FROM changed);
    RETURN NULL;
END
$$;

-- A trigger with a transition table serves one event, hence three per table; each names
-- its rows `changed`.
CREATE TRIGGER units_org_insert AFTER INSERT ON units
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kinerja_org_changed();
CREATE TRIGGER units_org_update AFTER UPDATE ON units
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kinerja_org_changed();
CREATE TRIGGER units_org_delete AFTER DELETE ON units
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kinerja_org_changed();

CREATE TRIGGER positions_org_insert AFTER INSERT ON positions
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kinerja_org_changed();
CREATE TRIGGER positions_org_update AFTER UPDATE ON positions
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kinerja_org_changed();
CREATE TRIGGER positions_org_delete AFTER DELETE ON positions
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kinerja_org_changed();

CREATE TRIGGER employees_org_insert AFTER INSERT ON employees
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kinerja_org_changed();
CREATE TRIGGER employees_org_update AFTER UPDATE ON employees
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kinerja_org_changed();
CREATE TRIGGER employees_org_delete AFTER DELETE ON employees
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kinerja_org_changed();

CREATE TRIGGER acting_assignments_org_insert AFTER INSERT ON acting_assignments
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kinerja_org_changed();
CREATE TRIGGER acting_assignments_org_update AFTER UPDATE ON acting_assignments
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kinerja_org_changed();
CREATE TRIGGER acting_assignments_org_delete AFTER DELETE ON acting_assignments
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kinerja_org_changed();
