-- Foundation: instansi (tenant), organisation tree, positions, employees, accounts,
-- sessions and the audit chain. Timestamps are microseconds since the Unix epoch.

CREATE TABLE instansi (
    id          INTEGER PRIMARY KEY,
    kode        TEXT    NOT NULL UNIQUE,
    nama        TEXT    NOT NULL,
    lokasi      TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    parent_id   BIGINT  REFERENCES units(id),
    kode        TEXT    NOT NULL,
    nama        TEXT    NOT NULL,
    jenis       TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    opd_id      BIGINT,
    aktif       BOOLEAN NOT NULL DEFAULT 1,
    urutan      BIGINT  NOT NULL DEFAULT 0,
    UNIQUE (instansi_id, kode)
);
CREATE INDEX units_path ON units (instansi_id, path);
CREATE INDEX units_parent ON units (parent_id, urutan);
CREATE INDEX units_opd ON units (opd_id);

CREATE TABLE positions (
    id          INTEGER PRIMARY KEY,
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    unit_id     BIGINT  NOT NULL REFERENCES units(id),
    nama        TEXT    NOT NULL,
    jenis       TEXT    NOT NULL,
    jenjang     TEXT,
    is_head     BOOLEAN NOT NULL DEFAULT 0,
    UNIQUE (unit_id, nama)
);
CREATE UNIQUE INDEX positions_one_head ON positions (unit_id) WHERE is_head = 1;

CREATE TABLE employees (
    id                  INTEGER PRIMARY KEY,
    instansi_id         BIGINT  NOT NULL REFERENCES instansi(id),
    nip                 TEXT,
    jenis_asn           TEXT    NOT NULL,
    gelar_depan         TEXT    NOT NULL DEFAULT '',
    nama                TEXT    NOT NULL,
    gelar_belakang      TEXT    NOT NULL DEFAULT '',
    nama_cari           TEXT    NOT NULL,
    jenis_kelamin       TEXT    NOT NULL,
    tanggal_lahir       DATE,
    golongan            TEXT,
    position_id         BIGINT  NOT NULL REFERENCES positions(id),
    email               TEXT,
    aktif               BOOLEAN NOT NULL DEFAULT 1,
    penilai_override_id BIGINT  REFERENCES employees(id),
    version             BIGINT  NOT NULL DEFAULT 1,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL
);
CREATE UNIQUE INDEX employees_nip ON employees (instansi_id, nip);
CREATE INDEX employees_position ON employees (position_id);
CREATE INDEX employees_nama ON employees (instansi_id, nama_cari);
CREATE INDEX employees_override ON employees (penilai_override_id);

CREATE TABLE acting_assignments (
    id          INTEGER PRIMARY KEY,
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    employee_id BIGINT  NOT NULL REFERENCES employees(id),
    position_id BIGINT  NOT NULL REFERENCES positions(id),
    jenis       TEXT    NOT NULL,
    mulai       DATE    NOT NULL,
    selesai     DATE,
    dasar       TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT  NOT NULL
);
CREATE INDEX acting_position ON acting_assignments (position_id, mulai);
CREATE INDEX acting_employee ON acting_assignments (employee_id, mulai);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    instansi_id          BIGINT  NOT NULL REFERENCES instansi(id),
    employee_id          BIGINT  UNIQUE REFERENCES employees(id),
    username             TEXT    NOT NULL UNIQUE,
    display_name         TEXT    NOT NULL,
    password_hash        TEXT,
    must_change_password BOOLEAN NOT NULL DEFAULT 1,
    failed_logins        BIGINT  NOT NULL DEFAULT 0,
    locked_until         BIGINT,
    aktif                BOOLEAN NOT NULL DEFAULT 1,
    created_at           BIGINT  NOT NULL,
    password_changed_at  BIGINT
);

CREATE TABLE user_roles (
    id          INTEGER PRIMARY KEY,
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    user_id     BIGINT  NOT NULL REFERENCES users(id),
    role        TEXT    NOT NULL,
    unit_id     BIGINT  REFERENCES units(id)
);
CREATE INDEX user_roles_user ON user_roles (user_id);

CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users(id),
    instansi_id  BIGINT  NOT NULL REFERENCES instansi(id),
    kind         TEXT    NOT NULL,
    csrf_token   TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_events (
    id                  INTEGER PRIMARY KEY,
    instansi_id         BIGINT  NOT NULL REFERENCES instansi(id),
    seq                 BIGINT  NOT NULL,
    at                  BIGINT  NOT NULL,
    actor_user_id       BIGINT,
    actor_name          TEXT    NOT NULL,
    action              TEXT    NOT NULL,
    object_type         TEXT    NOT NULL,
    object_id           BIGINT,
    subject_employee_id BIGINT,
    before_json         TEXT,
    after_json          TEXT,
    prev_hash           TEXT    NOT NULL,
    hash                TEXT    NOT NULL,
    UNIQUE (instansi_id, seq)
);
CREATE INDEX audit_object ON audit_events (instansi_id, object_type, object_id, seq);
CREATE INDEX audit_subject ON audit_events (instansi_id, subject_employee_id, seq);

CREATE TABLE audit_heads (
    instansi_id BIGINT PRIMARY KEY REFERENCES instansi(id),
    seq         BIGINT NOT NULL,
    hash        TEXT   NOT NULL
);
