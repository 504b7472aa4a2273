-- Mail: one-time password-reset links, an outbox every server process sends from, each
-- person's choice of mails, and the rows that let exactly one process run a daily job.

-- How a person wants the in-app notifications by mail: 'segera' (each at once),
-- 'ringkasan' (one digest a day) or 'tidak' (none); and deadline reminders on or off.
ALTER TABLE users ADD COLUMN email_mode TEXT NOT NULL DEFAULT 'segera';
ALTER TABLE users ADD COLUMN email_pengingat BOOLEAN NOT NULL DEFAULT 1;

-- When a notification was turned into mail (or found to need none): each is looked at once.
ALTER TABLE notifications ADD COLUMN mailed_at BIGINT;
CREATE INDEX notifications_unmailed ON notifications (mailed_at, id);

CREATE TABLE password_resets (
    token_hash  TEXT    PRIMARY KEY,
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    user_id     BIGINT  NOT NULL REFERENCES users(id),
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    instansi_id BIGINT  NOT NULL REFERENCES instansi(id),
    channel     TEXT    NOT NULL,
    recipient   TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    claimed_at  BIGINT,
    sent_at     BIGINT,
    attempts    BIGINT  NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX outbox_unsent ON outbox (sent_at, id);

CREATE TABLE job_runs (
    job        TEXT   NOT NULL,
    day        DATE   NOT NULL,
    holder     TEXT   NOT NULL,
    started_at BIGINT NOT NULL,
    PRIMARY KEY (job, day)
);
