-- One person's entries are read through an index led by the instansi. The instansi's
-- day index goes: without statistics SQLite preferred it for one person's days (it
-- yields them in date order) and walked the whole instansi's quarter for each of them.
DROP INDEX progres_entries_employee;
DROP INDEX progres_entries_day;
CREATE INDEX progres_entries_employee ON progres_entries (instansi_id, employee_id, tanggal);

-- The daily log's figures per unit and day (people with an entry, entries, entries
-- approved), rewritten with every change of an entry so that the dashboard reads
-- units × days rows, never the entries themselves.
CREATE TABLE progres_unit_hari (
    instansi_id BIGINT NOT NULL REFERENCES instansi(id),
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    tanggal     DATE   NOT NULL,
    orang       BIGINT NOT NULL,
    entri       BIGINT NOT NULL,
    disetujui   BIGINT NOT NULL,
    PRIMARY KEY (instansi_id, unit_id, tanggal)
);

INSERT INTO progres_unit_hari (instansi_id, unit_id, tanggal, orang, entri, disetujui)
SELECT p.instansi_id, q.unit_id, p.tanggal, COUNT(DISTINCT p.employee_id), COUNT(*),
       SUM(CASE WHEN p.pengakuan = 'disetujui' THEN 1 ELSE 0 END)
FROM progres_entries p JOIN employees e ON e.id = p.employee_id JOIN positions q ON q.id = e.position_id
GROUP BY p.instansi_id, q.unit_id, p.tanggal;
