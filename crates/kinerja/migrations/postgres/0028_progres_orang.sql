-- Per employee, what the dashboard counts them by: their unit and whether they are
-- expected to log (active, not pejabat negara), kept by triggers on employees and
-- positions; and their two latest days with an entry, kept with every change of their
-- entries. Headcount and the silent count then walk one narrow index per unit instead of
-- joining positions and employees and probing every person's entries.
CREATE TABLE progres_orang (
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    employee_id BIGINT  NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
    unit_id     BIGINT  REFERENCES units(id),
    dihitung    BOOLEAN NOT NULL,
    terakhir    DATE,
    sebelumnya  DATE,
    PRIMARY KEY (instansi_id, employee_id)
);
CREATE INDEX progres_orang_unit ON progres_orang (instansi_id, unit_id, dihitung, terakhir, sebelumnya, employee_id);

INSERT INTO progres_orang (instansi_id, employee_id, unit_id, dihitung, terakhir, sebelumnya)
SELECT e.instansi_id, e.id, q.unit_id, e.aktif AND e.jenis_asn <> 'pejabat_negara',
    (SELECT MAX(p.tanggal) FROM progres_entries p WHERE p.instansi_id = e.instansi_id AND p.employee_id = e.id),
    (SELECT MAX(p.tanggal) FROM progres_entries p WHERE p.instansi_id = e.instansi_id AND p.employee_id = e.id
        AND p.tanggal < (SELECT MAX(p2.tanggal) FROM progres_entries p2 WHERE p2.instansi_id = e.instansi_id AND p2.employee_id = e.id))
FROM employees e LEFT JOIN positions q ON q.id = e.position_id;

-- Per row: the organisation's own triggers run per statement (0026) because they touch the
-- one instansi row; these touch one row of this table per employee.
CREATE FUNCTION kinerja_progres_orang_employee() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO progres_orang (instansi_id, employee_id, unit_id, dihitung)
        VALUES (NEW.instansi_id, NEW.id, (SELECT q.unit_id FROM positions q WHERE q.id = NEW.position_id),
            NEW.aktif AND NEW.jenis_asn <> 'pejabat_negara');
    ELSE
        UPDATE progres_orang SET unit_id = (SELECT q.unit_id FROM positions q WHERE q.id = NEW.position_id),
            dihitung = NEW.aktif AND NEW.jenis_asn <> 'pejabat_negara'
        WHERE instansi_id = NEW.instansi_id AND employee_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER progres_orang_employee AFTER INSERT OR UPDATE OF position_id, aktif, jenis_asn ON employees
    FOR EACH ROW EXECUTE FUNCTION kinerja_progres_orang_employee();

CREATE FUNCTION kinerja_progres_orang_position() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE progres_orang SET unit_id = NEW.unit_id
    WHERE instansi_id = NEW.instansi_id AND employee_id IN (SELECT e.id FROM employees e WHERE e.position_id = NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER progres_orang_position AFTER UPDATE OF unit_id ON positions
    FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id) EXECUTE FUNCTION kinerja_progres_orang_position();
