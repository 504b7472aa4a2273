-- What a cached page may depend on, readable by every server in one query:
-- instansi.org_version counts every change to the organisation (units, positions, who holds
-- them, acting officials, override penilai), which decides every penilai chain. Kept by
-- triggers so that no writer, import or tool can forget it. Organisation changes are rare
-- (an admin's edit, an import), so one counter per instansi costs nothing at peak.
ALTER TABLE instansi ADD COLUMN org_version BIGINT NOT NULL DEFAULT 0;

-- A plan's page shows the proposals it handed down: the stamp counts them by source RHK.
CREATE INDEX skp_cascades_from ON skp_cascades (from_rhk_id);

CREATE FUNCTION kinerja_org_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE instansi SET org_version = org_version + 1 WHERE id = OLD.instansi_id;
    ELSE
        UPDATE instansi SET org_version = org_version + 1 WHERE id = NEW.instansi_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER units_org AFTER INSERT OR UPDATE OR DELETE ON units
    FOR EACH ROW EXECUTE FUNCTION kinerja_org_changed();

CREATE TRIGGER positions_org AFTER INSERT OR UPDATE OR DELETE ON positions
    FOR EACH ROW EXECUTE FUNCTION kinerja_org_changed();

CREATE TRIGGER employees_org AFTER INSERT OR UPDATE OR DELETE ON employees
    FOR EACH ROW EXECUTE FUNCTION kinerja_org_changed();

CREATE TRIGGER acting_assignments_org AFTER INSERT OR UPDATE OR DELETE ON acting_assignments
    FOR EACH ROW EXECUTE FUNCTION kinerja_org_changed();
