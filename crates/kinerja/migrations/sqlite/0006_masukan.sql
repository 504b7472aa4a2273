-- Input from colleagues (masukan rekan kerja) on the BerAKHLAK values, requested by the
-- penilai. Answers carry no link to who gave them: the penilai sees them only in aggregate,
-- and nobody (not even a database reader) can tie an answer to a name.

CREATE TABLE masukan_requests (
    id                    INTEGER PRIMARY KEY,
    instansi_id           BIGINT  NOT NULL REFERENCES instansi(id),
    evaluation_id         BIGINT  NOT NULL REFERENCES evaluations(id),
    responder_employee_id BIGINT  NOT NULL REFERENCES employees(id),
    requested_by          BIGINT  REFERENCES users(id),
    requested_at          BIGINT  NOT NULL,
    answered_at           BIGINT,
    UNIQUE (evaluation_id, responder_employee_id)
);
CREATE INDEX masukan_requests_responder ON masukan_requests (responder_employee_id, answered_at);

CREATE TABLE masukan_answers (
    id            INTEGER PRIMARY KEY,
    instansi_id   BIGINT  NOT NULL REFERENCES instansi(id),
    evaluation_id BIGINT  NOT NULL REFERENCES evaluations(id),
    nilai         BIGINT  NOT NULL,
    rating        TEXT    NOT NULL,
    komentar      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX masukan_answers_evaluation ON masukan_answers (evaluation_id, nilai);

-- Objections waiting for an answer are looked up by status.
CREATE INDEX evaluations_status ON evaluations (instansi_id, status);
