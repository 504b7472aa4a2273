-- Daily work: rencana aksi (planned actions per indicator and period, with their history
-- and hand-downs), progres harian (the daily log, with its evidence and the penilai's
-- acknowledgement), favourite entries, leave and travel days, the instansi's holidays and
-- its rules for the log (lateness tolerance, whether acknowledgement is required).

CREATE TABLE rencana_aksi (
    id                   INTEGER PRIMARY KEY,
    instansi_id          BIGINT           NOT NULL REFERENCES instansi(id),
    skp_id               BIGINT           NOT NULL REFERENCES skps(id),
    indikator_id         BIGINT           NOT NULL REFERENCES skp_indikator(id),
    period_id            BIGINT           NOT NULL REFERENCES periods(id),
    urutan               BIGINT           NOT NULL,
    teks                 TEXT             NOT NULL,
    target               DOUBLE PRECISION,
    satuan               TEXT             NOT NULL DEFAULT '',
    asal_id              BIGINT           REFERENCES rencana_aksi(id),
    catatan_penilai      TEXT             NOT NULL DEFAULT '',
    aktif                BOOLEAN          NOT NULL DEFAULT 1,
    created_at           BIGINT           NOT NULL,
    updated_at           BIGINT           NOT NULL
);
CREATE INDEX rencana_aksi_skp ON rencana_aksi (skp_id, period_id, urutan);

-- What a rencana aksi was before each change made after its period started.
CREATE TABLE rencana_aksi_riwayat (
    id               INTEGER PRIMARY KEY,
    instansi_id      BIGINT  NOT NULL REFERENCES instansi(id),
    rencana_aksi_id  BIGINT  NOT NULL REFERENCES rencana_aksi(id),
    perubahan        TEXT    NOT NULL,
    sebelum_json     TEXT    NOT NULL,
    changed_by       BIGINT  REFERENCES users(id),
    changed_at       BIGINT  NOT NULL
);
CREATE INDEX rencana_aksi_riwayat_ra ON rencana_aksi_riwayat (rencana_aksi_id, id);

-- A unit head's rencana aksi offered to a subordinate, until adopted under one of their
-- indicators.
CREATE TABLE rencana_aksi_turunan (
    id             INTEGER PRIMARY KEY,
    instansi_id    BIGINT  NOT NULL REFERENCES instansi(id),
    from_id        BIGINT  NOT NULL REFERENCES rencana_aksi(id),
    to_employee_id BIGINT  NOT NULL REFERENCES employees(id),
    teks           TEXT    NOT NULL,
    adopted_id     BIGINT  REFERENCES rencana_aksi(id),
    created_at     BIGINT  NOT NULL,
    UNIQUE (from_id, to_employee_id)
);
CREATE INDEX rencana_aksi_turunan_to ON rencana_aksi_turunan (to_employee_id);

-- One entry of the daily log. Times are minutes since midnight; `menit` is their
-- difference, kept so that sums need no arithmetic per row.
CREATE TABLE progres_entries (
    id                INTEGER PRIMARY KEY,
    instansi_id       BIGINT           NOT NULL REFERENCES instansi(id),
    employee_id       BIGINT           NOT NULL REFERENCES employees(id),
    period_id         BIGINT           NOT NULL REFERENCES periods(id),
    rencana_aksi_id   BIGINT           NOT NULL REFERENCES rencana_aksi(id),
    tanggal           DATE             NOT NULL,
    jam_mulai         BIGINT           NOT NULL,
    jam_selesai       BIGINT           NOT NULL,
    menit             BIGINT           NOT NULL,
    kegiatan          TEXT             NOT NULL,
    realisasi         DOUBLE PRECISION NOT NULL,
    satuan            TEXT             NOT NULL,
    tautan            TEXT             NOT NULL DEFAULT '',
    file_nama         TEXT,
    file_jenis        TEXT,
    file_size         BIGINT,
    file_sha256       TEXT,
    terlambat         BOOLEAN          NOT NULL DEFAULT 0,
    sumber            TEXT             NOT NULL DEFAULT 'web',
    pengakuan         TEXT             NOT NULL DEFAULT 'menunggu',
    catatan_pengakuan TEXT             NOT NULL DEFAULT '',
    diakui_oleh       BIGINT           REFERENCES users(id),
    diakui_at         BIGINT,
    version           BIGINT           NOT NULL DEFAULT 1,
    created_at        BIGINT           NOT NULL,
    updated_at        BIGINT           NOT NULL
);
CREATE INDEX progres_entries_employee ON progres_entries (employee_id, tanggal);
CREATE INDEX progres_entries_day ON progres_entries (instansi_id, tanggal);
CREATE INDEX progres_entries_rencana_aksi ON progres_entries (rencana_aksi_id);

-- Recurring activities an employee keeps to fill an entry in one tap.
CREATE TABLE progres_templates (
    id              INTEGER PRIMARY KEY,
    instansi_id     BIGINT           NOT NULL REFERENCES instansi(id),
    employee_id     BIGINT           NOT NULL REFERENCES employees(id),
    rencana_aksi_id BIGINT           NOT NULL REFERENCES rencana_aksi(id),
    kegiatan        TEXT             NOT NULL,
    jam_mulai       BIGINT           NOT NULL,
    jam_selesai     BIGINT           NOT NULL,
    realisasi       DOUBLE PRECISION NOT NULL,
    created_at      BIGINT           NOT NULL
);
CREATE INDEX progres_templates_employee ON progres_templates (employee_id, id);

-- Working days an employee was on leave (cuti) or official travel (dinas luar).
CREATE TABLE progres_ketidakhadiran (
    instansi_id BIGINT NOT NULL REFERENCES instansi(id),
    employee_id BIGINT NOT NULL REFERENCES employees(id),
    tanggal     DATE   NOT NULL,
    jenis       TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (employee_id, tanggal)
);

CREATE TABLE hari_libur (
    instansi_id BIGINT NOT NULL REFERENCES instansi(id),
    tanggal     DATE   NOT NULL,
    nama        TEXT   NOT NULL,
    PRIMARY KEY (instansi_id, tanggal)
);

CREATE TABLE progres_aturan (
    instansi_id     BIGINT  NOT NULL PRIMARY KEY REFERENCES instansi(id),
    toleransi_hari  BIGINT  NOT NULL DEFAULT 3,
    pengakuan_wajib BOOLEAN NOT NULL DEFAULT 0,
    updated_by      BIGINT  REFERENCES users(id),
    updated_at      BIGINT  NOT NULL
);
