-- Development (analisis kebutuhan pengembangan): the catalogue of actions BKPSDM maintains,
-- and the plan of who goes to which action, in answer to which period's results.

CREATE TABLE katalog_pengembangan (
    id            INTEGER PRIMARY KEY,
    instansi_id   BIGINT  NOT NULL REFERENCES instansi(id),
    kode          TEXT    NOT NULL,
    nama          TEXT    NOT NULL,
    bentuk        TEXT    NOT NULL,
    -- 'hasil' or 'perilaku-K' (BerAKHLAK value K).
    sasaran       TEXT    NOT NULL,
    -- Comma-separated codes; empty: any.
    jenis_unit    TEXT    NOT NULL DEFAULT '',
    jenis_jabatan TEXT    NOT NULL DEFAULT '',
    penyelenggara TEXT    NOT NULL DEFAULT '',
    jp            BIGINT  NOT NULL DEFAULT 0,
    aktif         BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at    BIGINT  NOT NULL,
    UNIQUE (instansi_id, kode)
);

CREATE TABLE rencana_pengembangan (
    id          INTEGER PRIMARY KEY,
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    period_id   BIGINT  NOT NULL REFERENCES periods(id),
    katalog_id  BIGINT  NOT NULL REFERENCES katalog_pengembangan(id),
    employee_id BIGINT  NOT NULL REFERENCES employees(id),
    -- The need it answers, as a sasaran code.
    sasaran     TEXT    NOT NULL,
    created_by  BIGINT  REFERENCES users(id),
    created_at  BIGINT  NOT NULL,
    UNIQUE (period_id, katalog_id, employee_id)
);
CREATE INDEX rencana_pengembangan_period ON rencana_pengembangan (instansi_id, period_id);
CREATE INDEX rencana_pengembangan_employee ON rencana_pengembangan (employee_id);
