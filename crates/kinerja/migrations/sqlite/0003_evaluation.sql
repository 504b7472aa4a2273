-- Evaluation: one record per SKP and period with the people and unit snapshotted, realisasi
-- per indicator, judgements per RHK and per BerAKHLAK value (the employee's own and the
-- penilai's), the unit's capaian and penetapan, objections, and reopenings.

CREATE TABLE evaluations (
    id                  INTEGER PRIMARY KEY,
    instansi_id         BIGINT  NOT NULL REFERENCES instansi(id),
    skp_id              BIGINT  NOT NULL REFERENCES skps(id),
    period_id           BIGINT  NOT NULL REFERENCES periods(id),
    employee_id         BIGINT  NOT NULL REFERENCES employees(id),
    unit_id             BIGINT  NOT NULL REFERENCES units(id),
    penilai_employee_id BIGINT  REFERENCES employees(id),
    atasan_employee_id  BIGINT  REFERENCES employees(id),
    snapshot_json       TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    rating_hasil        TEXT,
    rating_perilaku     TEXT,
    predikat            TEXT,
    alasan_hasil        TEXT    NOT NULL DEFAULT '',
    alasan_perilaku     TEXT    NOT NULL DEFAULT '',
    catatan             TEXT    NOT NULL DEFAULT '',
    self_submitted_at   BIGINT,
    assessed_at         BIGINT,
    finalised_at        BIGINT,
    version             BIGINT  NOT NULL DEFAULT 1,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL,
    UNIQUE (skp_id, period_id)
);
CREATE INDEX evaluations_period_unit ON evaluations (instansi_id, period_id, unit_id);
CREATE INDEX evaluations_penilai ON evaluations (penilai_employee_id, period_id, status);
CREATE INDEX evaluations_employee ON evaluations (employee_id, period_id);

CREATE TABLE evaluation_realisasi (
    instansi_id   BIGINT  NOT NULL REFERENCES instansi(id),
    evaluation_id BIGINT  NOT NULL REFERENCES evaluations(id),
    indikator_id  BIGINT  NOT NULL REFERENCES skp_indikator(id),
    nilai         DOUBLE PRECISION,
    teks          TEXT    NOT NULL DEFAULT '',
    updated_at    BIGINT  NOT NULL,
    PRIMARY KEY (evaluation_id, indikator_id)
);

-- Judgements: `subjek` is 'rhk' (subjek_id = RHK id) or 'perilaku' (subjek_id = value 1–7).
CREATE TABLE evaluation_items (
    instansi_id    BIGINT  NOT NULL REFERENCES instansi(id),
    evaluation_id  BIGINT  NOT NULL REFERENCES evaluations(id),
    subjek         TEXT    NOT NULL,
    subjek_id      BIGINT  NOT NULL,
    self_rating    TEXT,
    self_comment   TEXT    NOT NULL DEFAULT '',
    penilai_rating TEXT,
    umpan_balik    TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (evaluation_id, subjek, subjek_id)
);

CREATE TABLE unit_periods (
    instansi_id      BIGINT  NOT NULL REFERENCES instansi(id),
    unit_id          BIGINT  NOT NULL REFERENCES units(id),
    period_id        BIGINT  NOT NULL REFERENCES periods(id),
    capaian          TEXT,
    capaian_by       BIGINT  REFERENCES users(id),
    capaian_at       BIGINT,
    finalised_at     BIGINT,
    finalised_by     BIGINT  REFERENCES users(id),
    justifikasi      TEXT    NOT NULL DEFAULT '',
    pelanggaran_json TEXT,
    PRIMARY KEY (unit_id, period_id)
);
CREATE INDEX unit_periods_period ON unit_periods (instansi_id, period_id);

CREATE TABLE keberatan (
    id                 INTEGER PRIMARY KEY,
    instansi_id        BIGINT  NOT NULL REFERENCES instansi(id),
    evaluation_id      BIGINT  NOT NULL REFERENCES evaluations(id),
    alasan             TEXT    NOT NULL,
    batas              DATE    NOT NULL,
    filed_at           BIGINT  NOT NULL,
    penjelasan_penilai TEXT    NOT NULL DEFAULT '',
    penjelasan_pegawai TEXT    NOT NULL DEFAULT '',
    keputusan          TEXT    NOT NULL DEFAULT '',
    rating_hasil       TEXT,
    rating_perilaku    TEXT,
    predikat           TEXT,
    decided_at         BIGINT,
    decided_by         BIGINT  REFERENCES users(id)
);
CREATE INDEX keberatan_evaluation ON keberatan (evaluation_id, id);

CREATE TABLE evaluation_reopenings (
    id            INTEGER PRIMARY KEY,
    instansi_id   BIGINT  NOT NULL REFERENCES instansi(id),
    evaluation_id BIGINT  NOT NULL REFERENCES evaluations(id),
    alasan        TEXT    NOT NULL,
    result_json   TEXT    NOT NULL,
    created_by    BIGINT  REFERENCES users(id),
    created_at    BIGINT  NOT NULL
);
CREATE INDEX evaluation_reopenings_evaluation ON evaluation_reopenings (evaluation_id, id);
