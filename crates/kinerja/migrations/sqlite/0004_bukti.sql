-- Evidence files (bukti dukung) per realisasi row: stored by content hash outside the
-- database; the row keeps the name as uploaded, the kind decided from the content, and
-- the hash that proves the bytes unchanged.

CREATE TABLE evidence_files (
    id            INTEGER PRIMARY KEY,
    instansi_id   BIGINT  NOT NULL REFERENCES instansi(id),
    evaluation_id BIGINT  NOT NULL REFERENCES evaluations(id),
    indikator_id  BIGINT  NOT NULL REFERENCES skp_indikator(id),
    nama_file     TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size_bytes    BIGINT  NOT NULL,
    sha256        TEXT    NOT NULL,
    uploaded_by   BIGINT  REFERENCES users(id),
    created_at    BIGINT  NOT NULL,
    removed_at    BIGINT
);
CREATE INDEX evidence_files_evaluation ON evidence_files (evaluation_id, indikator_id);
