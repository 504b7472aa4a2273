-- Four eyes: acts of an OPD admin that hand out judging rights over heads (acting
-- appointments to JPT/Administrator positions, penilai overrides, password resets of
-- senior heads) wait here until an admin BKPSDM confirms or rejects them.

CREATE TABLE pending_changes (
    id                  INTEGER PRIMARY KEY,
    instansi_id         BIGINT  NOT NULL REFERENCES instansi(id),
    kind                TEXT    NOT NULL,
    subject_employee_id BIGINT  NOT NULL REFERENCES employees(id),
    payload             TEXT    NOT NULL,
    requested_by        BIGINT  NOT NULL REFERENCES users(id),
    requested_at        BIGINT  NOT NULL,
    status              TEXT    NOT NULL DEFAULT 'menunggu',
    decided_by          BIGINT  REFERENCES users(id),
    decided_at          BIGINT,
    note                TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX pending_changes_queue ON pending_changes (instansi_id, status, id);
CREATE INDEX pending_changes_requester ON pending_changes (instansi_id, requested_by, id);

-- A temporary password set by an admin stops working after this time.
ALTER TABLE users ADD COLUMN password_expires_at BIGINT;
