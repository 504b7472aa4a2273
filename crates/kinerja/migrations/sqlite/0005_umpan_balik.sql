-- Continuous feedback (umpan balik berkelanjutan) per RHK, per BerAKHLAK value or on the
-- plan as a whole, and the dialog kinerja records (coaching, mentoring, counselling).

CREATE TABLE feedback_messages (
    id             INTEGER PRIMARY KEY,
    instansi_id    BIGINT  NOT NULL REFERENCES instansi(id),
    skp_id         BIGINT  NOT NULL REFERENCES skps(id),
    subjek         TEXT    NOT NULL,
    subjek_id      BIGINT  NOT NULL,
    author_user_id BIGINT  REFERENCES users(id),
    author_name    TEXT    NOT NULL,
    body           TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL
);
CREATE INDEX feedback_messages_skp ON feedback_messages (skp_id, id);

CREATE TABLE dialog_kinerja (
    id                INTEGER PRIMARY KEY,
    instansi_id       BIGINT  NOT NULL REFERENCES instansi(id),
    skp_id            BIGINT  NOT NULL REFERENCES skps(id),
    tanggal           DATE    NOT NULL,
    jenis             TEXT    NOT NULL,
    topik             TEXT    NOT NULL,
    kesepakatan       TEXT    NOT NULL,
    tanggapan_pegawai TEXT    NOT NULL DEFAULT '',
    created_by        BIGINT  REFERENCES users(id),
    created_at        BIGINT  NOT NULL
);
CREATE INDEX dialog_kinerja_skp ON dialog_kinerja (skp_id, tanggal);
