-- Leave and travel days per unit and day, kept beside the entries' figures and summed per
-- month by the same triggers. The dashboard's expected days (working days less each
-- person's leave and travel days) then read the kept rows it already reads for the
-- entries, instead of every employee of the subtree and their leave days. A day counts in
-- the unit of the person (active, pejabat negara excepted) when that day's figures were
-- last written, as entries do.
ALTER TABLE progres_unit_hari ADD COLUMN tidak_hadir BIGINT NOT NULL DEFAULT 0;
ALTER TABLE progres_unit_bulan ADD COLUMN tidak_hadir BIGINT NOT NULL DEFAULT 0;

DROP TRIGGER progres_unit_hari_bulan_insert;
DROP TRIGGER progres_unit_hari_bulan_delete;
DROP TRIGGER progres_unit_hari_bulan_update;
DROP TRIGGER hari_libur_bulan_insert;
DROP TRIGGER hari_libur_bulan_delete;

UPDATE progres_unit_hari SET tidak_hadir = (
    SELECT COUNT(*) FROM progres_ketidakhadiran k JOIN employees e ON e.id = k.employee_id
    JOIN positions q ON q.id = e.position_id
    WHERE k.instansi_id = progres_unit_hari.instansi_id AND k.tanggal = progres_unit_hari.tanggal
      AND q.unit_id = progres_unit_hari.unit_id AND e.aktif AND e.jenis_asn <> 'pejabat_negara');

INSERT INTO progres_unit_hari (instansi_id, unit_id, tanggal, orang, entri, disetujui, tidak_hadir)
SELECT k.instansi_id, q.unit_id, k.tanggal, 0, 0, 0, COUNT(*)
FROM progres_ketidakhadiran k JOIN employees e ON e.id = k.employee_id JOIN positions q ON q.id = e.position_id
WHERE e.aktif AND e.jenis_asn <> 'pejabat_negara'
  AND NOT EXISTS (SELECT 1 FROM progres_unit_hari r WHERE r.instansi_id = k.instansi_id AND r.unit_id = q.unit_id AND r.tanggal = k.tanggal)
GROUP BY k.instansi_id, q.unit_id, k.tanggal;

DELETE FROM progres_unit_bulan;
INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui, tidak_hadir)
SELECT r.instansi_id, r.unit_id, date(r.tanggal, 'start of month'), SUM(r.orang), SUM(r.entri), SUM(r.disetujui), SUM(r.tidak_hadir)
FROM progres_unit_hari r
WHERE NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = r.tanggal AND k.akhir_pekan)
  AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = r.instansi_id AND h.tanggal = r.tanggal)
GROUP BY r.instansi_id, r.unit_id, date(r.tanggal, 'start of month');

-- As in 0025, with the leave and travel days.
CREATE TRIGGER progres_unit_hari_bulan_insert AFTER INSERT ON progres_unit_hari
WHEN NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = NEW.tanggal AND k.akhir_pekan)
    AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = NEW.instansi_id AND h.tanggal = NEW.tanggal)
BEGIN
    INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui, tidak_hadir)
        VALUES (NEW.instansi_id, NEW.unit_id, date(NEW.tanggal, 'start of month'), NEW.orang, NEW.entri, NEW.disetujui, NEW.tidak_hadir)
        ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui, tidak_hadir = progres_unit_bulan.tidak_hadir + excluded.tidak_hadir;
END;

CREATE TRIGGER progres_unit_hari_bulan_delete AFTER DELETE ON progres_unit_hari
WHEN NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = OLD.tanggal AND k.akhir_pekan)
    AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = OLD.instansi_id AND h.tanggal = OLD.tanggal)
BEGIN
    INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui, tidak_hadir)
        VALUES (OLD.instansi_id, OLD.unit_id, date(OLD.tanggal, 'start of month'), -OLD.orang, -OLD.entri, -OLD.disetujui, -OLD.tidak_hadir)
        ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui, tidak_hadir = progres_unit_bulan.tidak_hadir + excluded.tidak_hadir;
END;

CREATE TRIGGER progres_unit_hari_bulan_update AFTER UPDATE ON progres_unit_hari
BEGIN
    INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui, tidak_hadir)
        SELECT OLD.instansi_id, OLD.unit_id, date(OLD.tanggal, 'start of month'), -OLD.orang, -OLD.entri, -OLD.disetujui, -OLD.tidak_hadir
        WHERE NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = OLD.tanggal AND k.akhir_pekan) AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = OLD.instansi_id AND h.tanggal = OLD.tanggal)
        ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui, tidak_hadir = progres_unit_bulan.tidak_hadir + excluded.tidak_hadir;
    INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui, tidak_hadir)
        SELECT NEW.instansi_id, NEW.unit_id, date(NEW.tanggal, 'start of month'), NEW.orang, NEW.entri, NEW.disetujui, NEW.tidak_hadir
        WHERE NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = NEW.tanggal AND k.akhir_pekan) AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = NEW.instansi_id AND h.tanggal = NEW.tanggal)
        ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui, tidak_hadir = progres_unit_bulan.tidak_hadir + excluded.tidak_hadir;
END;

CREATE TRIGGER hari_libur_bulan_insert AFTER INSERT ON hari_libur
WHEN NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = NEW.tanggal AND k.akhir_pekan)
BEGIN
    INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui, tidak_hadir)
        SELECT r.instansi_id, r.unit_id, date(r.tanggal, 'start of month'), -r.orang, -r.entri, -r.disetujui, -r.tidak_hadir FROM progres_unit_hari r
        WHERE r.instansi_id = NEW.instansi_id AND r.tanggal = NEW.tanggal
        ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui, tidak_hadir = progres_unit_bulan.tidak_hadir + excluded.tidak_hadir;
END;

CREATE TRIGGER hari_libur_bulan_delete AFTER DELETE ON hari_libur
WHEN NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = OLD.tanggal AND k.akhir_pekan)
BEGIN
    INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui, tidak_hadir)
        SELECT r.instansi_id, r.unit_id, date(r.tanggal, 'start of month'), r.orang, r.entri, r.disetujui, r.tidak_hadir FROM progres_unit_hari r
        WHERE r.instansi_id = OLD.instansi_id AND r.tanggal = OLD.tanggal
        ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui, tidak_hadir = progres_unit_bulan.tidak_hadir + excluded.tidak_hadir;
END;
