-- Planning: versioned reference data, evaluation years and periods, the SKP with its rows,
-- submissions (frozen rounds of approval), cascading (Matriks Peran Hasil), notifications.

CREATE TABLE reference_versions (
    id          INTEGER PRIMARY KEY,
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    kode        TEXT    NOT NULL,
    nama        TEXT    NOT NULL,
    data_json   TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    UNIQUE (instansi_id, kode)
);

CREATE TABLE evaluation_years (
    id                   INTEGER PRIMARY KEY,
    instansi_id          BIGINT  NOT NULL REFERENCES instansi(id),
    tahun                BIGINT  NOT NULL,
    jenis_periode        TEXT    NOT NULL,
    reference_version_id BIGINT  NOT NULL REFERENCES reference_versions(id),
    batas_perencanaan    DATE    NOT NULL,
    created_at           BIGINT  NOT NULL,
    UNIQUE (instansi_id, tahun)
);

CREATE TABLE periods (
    id          INTEGER PRIMARY KEY,
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    year_id     BIGINT  NOT NULL REFERENCES evaluation_years(id),
    kode        TEXT    NOT NULL,
    nama        TEXT    NOT NULL,
    mulai       DATE    NOT NULL,
    selesai     DATE    NOT NULL,
    batas       DATE    NOT NULL,
    akhir       BOOLEAN NOT NULL DEFAULT 0,
    urutan      BIGINT  NOT NULL,
    UNIQUE (year_id, kode)
);

CREATE TABLE skps (
    id           INTEGER PRIMARY KEY,
    instansi_id  BIGINT  NOT NULL REFERENCES instansi(id),
    employee_id  BIGINT  NOT NULL REFERENCES employees(id),
    year_id      BIGINT  NOT NULL REFERENCES evaluation_years(id),
    position_id  BIGINT  NOT NULL REFERENCES positions(id),
    mulai        DATE    NOT NULL,
    selesai      DATE    NOT NULL,
    pendekatan   TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    revisi       BIGINT  NOT NULL DEFAULT 1,
    closed       BOOLEAN NOT NULL DEFAULT 0,
    version      BIGINT  NOT NULL DEFAULT 1,
    submitted_at BIGINT,
    approved_at  BIGINT,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    UNIQUE (employee_id, year_id, position_id)
);
CREATE INDEX skps_year_status ON skps (instansi_id, year_id, status);
CREATE INDEX skps_employee ON skps (employee_id, year_id);

CREATE TABLE skp_rhk (
    id            INTEGER PRIMARY KEY,
    instansi_id   BIGINT  NOT NULL REFERENCES instansi(id),
    skp_id        BIGINT  NOT NULL REFERENCES skps(id),
    jenis         TEXT    NOT NULL,
    urutan        BIGINT  NOT NULL,
    teks          TEXT    NOT NULL,
    parent_rhk_id BIGINT  REFERENCES skp_rhk(id),
    pk_target     TEXT    NOT NULL DEFAULT '',
    perspektif    TEXT    NOT NULL DEFAULT '',
    aktif         BOOLEAN NOT NULL DEFAULT 1,
    created_at    BIGINT  NOT NULL
);
CREATE INDEX skp_rhk_skp ON skp_rhk (skp_id, urutan);
CREATE INDEX skp_rhk_parent ON skp_rhk (parent_rhk_id);

CREATE TABLE skp_indikator (
    id          INTEGER PRIMARY KEY,
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    rhk_id      BIGINT  NOT NULL REFERENCES skp_rhk(id),
    urutan      BIGINT  NOT NULL,
    aspek       TEXT    NOT NULL,
    iki         TEXT    NOT NULL,
    target_min  DOUBLE PRECISION,
    target_max  DOUBLE PRECISION,
    satuan      TEXT    NOT NULL DEFAULT '',
    target_teks TEXT    NOT NULL DEFAULT '',
    aktif       BOOLEAN NOT NULL DEFAULT 1
);
CREATE INDEX skp_indikator_rhk ON skp_indikator (rhk_id, urutan);

CREATE TABLE skp_lampiran (
    id          INTEGER PRIMARY KEY,
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    skp_id      BIGINT  NOT NULL REFERENCES skps(id),
    bagian      TEXT    NOT NULL,
    urutan      BIGINT  NOT NULL,
    teks        TEXT    NOT NULL
);
CREATE INDEX skp_lampiran_skp ON skp_lampiran (skp_id, bagian, urutan);

CREATE TABLE skp_ekspektasi (
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    skp_id      BIGINT  NOT NULL REFERENCES skps(id),
    nilai_kode  BIGINT  NOT NULL,
    teks        TEXT    NOT NULL,
    PRIMARY KEY (skp_id, nilai_kode)
);

CREATE TABLE skp_submissions (
    id                  INTEGER PRIMARY KEY,
    instansi_id         BIGINT  NOT NULL REFERENCES instansi(id),
    skp_id              BIGINT  NOT NULL REFERENCES skps(id),
    revisi              BIGINT  NOT NULL,
    content_json        TEXT    NOT NULL,
    header_json         TEXT    NOT NULL,
    penilai_employee_id BIGINT  REFERENCES employees(id),
    submitted_at        BIGINT  NOT NULL,
    submitted_by        BIGINT  REFERENCES users(id),
    decision            TEXT,
    catatan             TEXT    NOT NULL DEFAULT '',
    catatan_baris_json  TEXT,
    decided_at          BIGINT,
    decided_by          BIGINT  REFERENCES users(id)
);
CREATE INDEX skp_submissions_skp ON skp_submissions (skp_id, id);
CREATE INDEX skp_submissions_pending ON skp_submissions (instansi_id, decision, penilai_employee_id);

CREATE TABLE skp_cascades (
    id             INTEGER PRIMARY KEY,
    instansi_id    BIGINT  NOT NULL REFERENCES instansi(id),
    from_rhk_id    BIGINT  NOT NULL REFERENCES skp_rhk(id),
    to_employee_id BIGINT  NOT NULL REFERENCES employees(id),
    teks           TEXT    NOT NULL,
    adopted_rhk_id BIGINT  REFERENCES skp_rhk(id),
    created_at     BIGINT  NOT NULL,
    UNIQUE (from_rhk_id, to_employee_id)
);
CREATE INDEX skp_cascades_to ON skp_cascades (to_employee_id);

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    user_id     BIGINT  NOT NULL REFERENCES users(id),
    kind        TEXT    NOT NULL,
    params_json TEXT    NOT NULL,
    link        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    read_at     BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, id);
