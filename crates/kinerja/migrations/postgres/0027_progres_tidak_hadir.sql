-- Leave and travel days per unit and day, kept beside the entries' figures and summed per
-- month by the same triggers. The dashboard's expected days (working days less each
-- person's leave and travel days) then read the kept rows it already reads for the
-- entries, instead of every employee of the subtree and their leave days. A day counts in
-- the unit of the person (active, pejabat negara excepted) when that day's figures were
-- last written, as entries do.
ALTER TABLE progres_unit_hari ADD COLUMN tidak_hadir BIGINT NOT NULL DEFAULT 0;
ALTER TABLE progres_unit_bulan ADD COLUMN tidak_hadir BIGINT NOT NULL DEFAULT 0;

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
SELECT r.instansi_id, r.unit_id, CAST(date_trunc('month', r.tanggal) AS DATE), SUM(r.orang), SUM(r.entri), SUM(r.disetujui), SUM(r.tidak_hadir)
FROM progres_unit_hari r
WHERE NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = r.tanggal AND k.akhir_pekan)
  AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = r.instansi_id AND h.tanggal = r.tanggal)
GROUP BY r.instansi_id, r.unit_id, CAST(date_trunc('month', r.tanggal) AS DATE);

-- As in 0025, with the leave and travel days; the triggers stay and call these.
CREATE OR REPLACE FUNCTION kinerja_progres_unit_bulan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = OLD.tanggal AND k.akhir_pekan) AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = OLD.instansi_id AND h.tanggal = OLD.tanggal) THEN
            INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui, tidak_hadir)
            VALUES (OLD.instansi_id, OLD.unit_id, CAST(date_trunc('month', OLD.tanggal) AS DATE), -OLD.orang, -OLD.entri, -OLD.disetujui, -OLD.tidak_hadir)
            ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui, tidak_hadir = progres_unit_bulan.tidak_hadir + excluded.tidak_hadir;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = NEW.tanggal AND k.akhir_pekan) AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = NEW.instansi_id AND h.tanggal = NEW.tanggal) THEN
            INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui, tidak_hadir)
            VALUES (NEW.instansi_id, NEW.unit_id, CAST(date_trunc('month', NEW.tanggal) AS DATE), NEW.orang, NEW.entri, NEW.disetujui, NEW.tidak_hadir)
            ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui, tidak_hadir = progres_unit_bulan.tidak_hadir + excluded.tidak_hadir;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION kinerja_hari_libur_bulan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = NEW.tanggal AND k.akhir_pekan) THEN
            INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui, tidak_hadir)
            SELECT r.instansi_id, r.unit_id, CAST(date_trunc('month', r.tanggal) AS DATE), -r.orang, -r.entri, -r.disetujui, -r.tidak_hadir FROM progres_unit_hari r
            WHERE r.instansi_id = NEW.instansi_id AND r.tanggal = NEW.tanggal
            ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui, tidak_hadir = progres_unit_bulan.tidak_hadir + excluded.tidak_hadir;
        END IF;
    ELSE
        IF NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = OLD.tanggal AND k.akhir_pekan) THEN
            INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui, tidak_hadir)
            SELECT r.instansi_id, r.unit_id, CAST(date_trunc('month', r.tanggal) AS DATE), r.orang, r.entri, r.disetujui, r.tidak_hadir FROM progres_unit_hari r
            WHERE r.instansi_id = OLD.instansi_id AND r.tanggal = OLD.tanggal
            ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui, tidak_hadir = progres_unit_bulan.tidak_hadir + excluded.tidak_hadir;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

