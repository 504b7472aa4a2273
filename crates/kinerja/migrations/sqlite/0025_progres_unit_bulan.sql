-- The daily log's figures per unit and month, summed over the month's working days from
-- `progres_unit_hari` (weekends from `kalender`, the instansi's holidays from
-- `hari_libur`). The dashboard's activity over a period then reads a row per unit and
-- month, less the unit-days of those months outside the period (today, and the days of a
-- period that starts or ends inside a month), instead of a row per unit and day: about
-- 4,000 rows for the demo regency's quarter where it read 46,000.
CREATE TABLE progres_unit_bulan (
    instansi_id BIGINT NOT NULL REFERENCES instansi(id),
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    bulan       DATE   NOT NULL,
    orang       BIGINT NOT NULL,
    entri       BIGINT NOT NULL,
    disetujui   BIGINT NOT NULL,
    PRIMARY KEY (instansi_id, unit_id, bulan)
);

INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui)
SELECT r.instansi_id, r.unit_id, date(r.tanggal, 'start of month'), SUM(r.orang), SUM(r.entri), SUM(r.disetujui)
FROM progres_unit_hari r
WHERE NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = r.tanggal AND k.akhir_pekan)
  AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = r.instansi_id AND h.tanggal = r.tanggal)
GROUP BY r.instansi_id, r.unit_id, date(r.tanggal, 'start of month');

-- Kept by triggers, so that no writer, import or tool can forget them: a unit-day on a
-- working day adds to its month as it is written and takes itself back as it is deleted;
-- a holiday takes the unit-days of its date out of their months, and gives them back when
-- it is removed. Each month row is then the sum of its unit-days on working days.
CREATE TRIGGER progres_unit_hari_bulan_insert AFTER INSERT ON progres_unit_hari
WHEN NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = NEW.tanggal AND k.akhir_pekan)
    AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = NEW.instansi_id AND h.tanggal = NEW.tanggal)
BEGIN
    INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui)
        VALUES (NEW.instansi_id, NEW.unit_id, date(NEW.tanggal, 'start of month'), NEW.orang, NEW.entri, NEW.disetujui)
        ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui;
END;

CREATE TRIGGER progres_unit_hari_bulan_delete AFTER DELETE ON progres_unit_hari
WHEN NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = OLD.tanggal AND k.akhir_pekan)
    AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = OLD.instansi_id AND h.tanggal = OLD.tanggal)
BEGIN
    INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui)
        VALUES (OLD.instansi_id, OLD.unit_id, date(OLD.tanggal, 'start of month'), -OLD.orang, -OLD.entri, -OLD.disetujui)
        ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui;
END;

CREATE TRIGGER progres_unit_hari_bulan_update AFTER UPDATE ON progres_unit_hari
BEGIN
    INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui)
        SELECT OLD.instansi_id, OLD.unit_id, date(OLD.tanggal, 'start of month'), -OLD.orang, -OLD.entri, -OLD.disetujui
        WHERE NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = OLD.tanggal AND k.akhir_pekan) AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = OLD.instansi_id AND h.tanggal = OLD.tanggal)
        ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui;
    INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui)
        SELECT NEW.instansi_id, NEW.unit_id, date(NEW.tanggal, 'start of month'), NEW.orang, NEW.entri, NEW.disetujui
        WHERE NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = NEW.tanggal AND k.akhir_pekan) AND NOT EXISTS (SELECT 1 FROM hari_libur h WHERE h.instansi_id = NEW.instansi_id AND h.tanggal = NEW.tanggal)
        ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui;
END;

CREATE TRIGGER hari_libur_bulan_insert AFTER INSERT ON hari_libur
WHEN NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = NEW.tanggal AND k.akhir_pekan)
BEGIN
    INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui)
        SELECT r.instansi_id, r.unit_id, date(r.tanggal, 'start of month'), -r.orang, -r.entri, -r.disetujui FROM progres_unit_hari r
        WHERE r.instansi_id = NEW.instansi_id AND r.tanggal = NEW.tanggal
        ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui;
END;

CREATE TRIGGER hari_libur_bulan_delete AFTER DELETE ON hari_libur
WHEN NOT EXISTS (SELECT 1 FROM kalender k WHERE k.tanggal = OLD.tanggal AND k.akhir_pekan)
BEGIN
    INSERT INTO progres_unit_bulan (instansi_id, unit_id, bulan, orang, entri, disetujui)
        SELECT r.instansi_id, r.unit_id, date(r.tanggal, 'start of month'), r.orang, r.entri, r.disetujui FROM progres_unit_hari r
        WHERE r.instansi_id = OLD.instansi_id AND r.tanggal = OLD.tanggal
        ON CONFLICT (instansi_id, unit_id, bulan) DO UPDATE SET orang = progres_unit_bulan.orang + excluded.orang, entri = progres_unit_bulan.entri + excluded.entri, disetujui = progres_unit_bulan.disetujui + excluded.disetujui;
END;
