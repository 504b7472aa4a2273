-- TPP: the regency's formula per year (weights, share per predikat, pagu per jenis jabatan,
-- kept as JSON because each Peraturan Bupati shapes it differently), and the disiplin score
-- per employee and period imported from the attendance system.

CREATE TABLE tpp_aturan (
    instansi_id BIGINT NOT NULL REFERENCES instansi(id),
    tahun       BIGINT NOT NULL,
    aturan_json TEXT   NOT NULL,
    updated_by  BIGINT REFERENCES users(id),
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (instansi_id, tahun)
);

CREATE TABLE disiplin (
    instansi_id BIGINT           NOT NULL REFERENCES instansi(id),
    period_id   BIGINT           NOT NULL REFERENCES periods(id),
    employee_id BIGINT           NOT NULL REFERENCES employees(id),
    nilai       DOUBLE PRECISION NOT NULL,
    hari_kerja  BIGINT,
    hadir       BIGINT,
    imported_at BIGINT           NOT NULL,
    PRIMARY KEY (period_id, employee_id)
);
CREATE INDEX disiplin_employee ON disiplin (employee_id);
