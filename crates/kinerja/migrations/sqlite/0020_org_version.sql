-- What a cached page may depend on, readable by every server in one query:
-- instansi.org_version counts every change to the organisation (units, positions, who holds
-- them, acting officials, override penilai), which decides every penilai chain. Kept by
-- triggers so that no writer, import or tool can forget it. Organisation changes are rare
-- (an admin's edit, an import), so one counter per instansi costs nothing at peak.
ALTER TABLE instansi ADD COLUMN org_version BIGINT NOT NULL DEFAULT 0;

-- A plan's page shows the proposals it handed down: the stamp counts them by source RHK.
CREATE INDEX skp_cascades_from ON skp_cascades (from_rhk_id);

CREATE TRIGGER units_org_insert AFTER INSERT ON units
BEGIN
    UPDATE instansi SET org_version = org_version + 1 WHERE id = NEW.instansi_id;
END;

CREATE TRIGGER units_org_update AFTER UPDATE ON units
BEGIN
    UPDATE instansi SET org_version = org_version + 1 WHERE id = NEW.instansi_id;
END;

CREATE TRIGGER units_org_delete AFTER DELETE ON units
BEGIN
    UPDATE instansi SET org_version = org_version + 1 WHERE id = OLD.instansi_id;
END;

CREATE TRIGGER positions_org_insert AFTER INSERT ON positions
BEGIN
    UPDATE instansi SET org_version = org_version + 1 WHERE id = NEW.instansi_id;
END;

CREATE TRIGGER positions_org_update AFTER UPDATE ON positions
BEGIN
    UPDATE instansi SET org_version = org_version + 1 WHERE id = NEW.instansi_id;
END;

CREATE TRIGGER positions_org_delete AFTER DELETE ON positions
BEGIN
    UPDATE instansi SET org_version = org_version + 1 WHERE id = OLD.instansi_id;
END;

CREATE TRIGGER employees_org_insert AFTER INSERT ON employees
BEGIN
    UPDATE instansi SET org_version = org_version + 1 WHERE id = NEW.instansi_id;
END;

CREATE TRIGGER employees_org_update AFTER UPDATE ON employees
BEGIN
    UPDATE instansi SET org_version = org_version + 1 WHERE id = NEW.instansi_id;
END;

CREATE TRIGGER employees_org_delete AFTER DELETE ON employees
BEGIN
    UPDATE instansi SET org_version = org_version + 1 WHERE id = OLD.instansi_id;
END;

CREATE TRIGGER acting_assignments_org_insert AFTER INSERT ON acting_assignments
BEGIN
    UPDATE instansi SET org_version = org_version + 1 WHERE id = NEW.instansi_id;
END;

CREATE TRIGGER acting_assignments_org_update AFTER UPDATE ON acting_assignments
BEGIN
    UPDATE instansi SET org_version = org_version + 1 WHERE id = NEW.instansi_id;
END;

CREATE TRIGGER acting_assignments_org_delete AFTER DELETE ON acting_assignments
BEGIN
    UPDATE instansi SET org_version = org_version + 1 WHERE id = OLD.instansi_id;
END;
