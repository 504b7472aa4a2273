-- The dashboard's figures, kept instead of counted: per instansi, period, unit, jenis
-- jabatan, status, ratings and predikat, how many evaluations, and how many of them rated
-- each BerAKHLAK value below expectation (pb1..pb7, bit i-1 of perilaku_bawah). Kept by
-- triggers in the transaction of every change to an evaluation, so that no writer can
-- forget it; the dashboard reads a few rows per unit instead of every evaluation.
-- NULL ratings and predikat are kept as '' so that the key is unique on both engines.
CREATE TABLE evaluation_tallies (
    instansi_id     BIGINT NOT NULL REFERENCES instansi(id),
    period_id       BIGINT NOT NULL REFERENCES periods(id),
    unit_id         BIGINT NOT NULL REFERENCES units(id),
    jenis_jabatan   TEXT   NOT NULL,
    status          TEXT   NOT NULL,
    rating_hasil    TEXT   NOT NULL,
    rating_perilaku TEXT   NOT NULL,
    predikat        TEXT   NOT NULL,
    n               BIGINT NOT NULL,
    pb1             BIGINT NOT NULL,
    pb2             BIGINT NOT NULL,
    pb3             BIGINT NOT NULL,
    pb4             BIGINT NOT NULL,
    pb5             BIGINT NOT NULL,
    pb6             BIGINT NOT NULL,
    pb7             BIGINT NOT NULL,
    PRIMARY KEY (instansi_id, period_id, unit_id, jenis_jabatan, status, rating_hasil, rating_perilaku, predikat)
);

INSERT INTO evaluation_tallies (instansi_id, period_id, unit_id, jenis_jabatan, status, rating_hasil, rating_perilaku, predikat, n, pb1, pb2, pb3, pb4, pb5, pb6, pb7)
SELECT instansi_id, period_id, unit_id, jenis_jabatan, status, COALESCE(rating_hasil, ''),
    COALESCE(rating_perilaku, ''), COALESCE(predikat, ''), COUNT(*),

    SUM(CASE WHEN (perilaku_bawah & 1) <> 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN (perilaku_bawah & 2) <> 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN (perilaku_bawah & 4) <> 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN (perilaku_bawah & 8) <> 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN (perilaku_bawah & 16) <> 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN (perilaku_bawah & 32) <> 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN (perilaku_bawah & 64) <> 0 THEN 1 ELSE 0 END)
FROM evaluations
GROUP BY instansi_id, period_id, unit_id, jenis_jabatan, status, COALESCE(rating_hasil, ''),
    COALESCE(rating_perilaku, ''), COALESCE(predikat, '');

CREATE TRIGGER evaluations_tally_insert AFTER INSERT ON evaluations
BEGIN
    INSERT INTO evaluation_tallies (instansi_id, period_id, unit_id, jenis_jabatan, status, rating_hasil, rating_perilaku, predikat, n, pb1, pb2, pb3, pb4, pb5, pb6, pb7)
    VALUES (NEW.instansi_id, NEW.period_id, NEW.unit_id, NEW.jenis_jabatan, NEW.status, COALESCE(NEW.rating_hasil, ''), COALESCE(NEW.rating_perilaku, ''), COALESCE(NEW.predikat, ''), 1, CASE WHEN (NEW.perilaku_bawah & 1) <> 0 THEN 1 ELSE 0 END, CASE WHEN (NEW.perilaku_bawah & 2) <> 0 THEN 1 ELSE 0 END, CASE WHEN (NEW.perilaku_bawah & 4) <> 0 THEN 1 ELSE 0 END, CASE WHEN (NEW.perilaku_bawah & 8) <> 0 THEN 1 ELSE 0 END, CASE WHEN (NEW.perilaku_bawah & 16) <> 0 THEN 1 ELSE 0 END, CASE WHEN (NEW.perilaku_bawah & 32) <> 0 THEN 1 ELSE 0 END, CASE WHEN (NEW.perilaku_bawah & 64) <> 0 THEN 1 ELSE 0 END)
    ON CONFLICT (instansi_id, period_id, unit_id, jenis_jabatan, status, rating_hasil, rating_perilaku, predikat) DO UPDATE SET n = evaluation_tallies.n + excluded.n, pb1 = evaluation_tallies.pb1 + excluded.pb1, pb2 = evaluation_tallies.pb2 + excluded.pb2, pb3 = evaluation_tallies.pb3 + excluded.pb3, pb4 = evaluation_tallies.pb4 + excluded.pb4, pb5 = evaluation_tallies.pb5 + excluded.pb5, pb6 = evaluation_tallies.pb6 + excluded.pb6, pb7 = evaluation_tallies.pb7 + excluded.pb7;
END;

CREATE TRIGGER evaluations_tally_update AFTER UPDATE OF status, rating_hasil, rating_perilaku, predikat, perilaku_bawah, unit_id, jenis_jabatan, period_id ON evaluations
BEGIN
    INSERT INTO evaluation_tallies (instansi_id, period_id, unit_id, jenis_jabatan, status, rating_hasil, rating_perilaku, predikat, n, pb1, pb2, pb3, pb4, pb5, pb6, pb7)
    VALUES (OLD.instansi_id, OLD.period_id, OLD.unit_id, OLD.jenis_jabatan, OLD.status, COALESCE(OLD.rating_hasil, ''), COALESCE(OLD.rating_perilaku, ''), COALESCE(OLD.predikat, ''), -1, -CASE WHEN (OLD.perilaku_bawah & 1) <> 0 THEN 1 ELSE 0 END, -CASE WHEN (OLD.perilaku_bawah & 2) <> 0 THEN 1 ELSE 0 END, -CASE WHEN (OLD.perilaku_bawah & 4) <> 0 THEN 1 ELSE 0 END, -CASE WHEN (OLD.perilaku_bawah & 8) <> 0 THEN 1 ELSE 0 END, -CASE WHEN (OLD.perilaku_bawah & 16) <> 0 THEN 1 ELSE 0 END, -CASE WHEN (OLD.perilaku_bawah & 32) <> 0 THEN 1 ELSE 0 END, -CASE WHEN (OLD.perilaku_bawah & 64) <> 0 THEN 1 ELSE 0 END)
    ON CONFLICT (instansi_id, period_id, unit_id, jenis_jabatan, status, rating_hasil, rating_perilaku, predikat) DO UPDATE SET n = evaluation_tallies.n + excluded.n, pb1 = evaluation_tallies.pb1 + excluded.pb1, pb2 = evaluation_tallies.pb2 + excluded.pb2, pb3 = evaluation_tallies.pb3 + excluded.pb3, pb4 = evaluation_tallies.pb4 + excluded.pb4, pb5 = evaluation_tallies.pb5 + excluded.pb5, pb6 = evaluation_tallies.pb6 + excluded.pb6, pb7 = evaluation_tallies.pb7 + excluded.pb7;
    INSERT INTO evaluation_tallies (instansi_id, period_id, unit_id, jenis_jabatan, status, rating_hasil, rating_perilaku, predikat, n, pb1, pb2, pb3, pb4, pb5, pb6, pb7)
    VALUES (NEW.instansi_id, NEW.period_id, NEW.unit_id, NEW.jenis_jabatan, NEW.status, COALESCE(NEW.rating_hasil, ''), COALESCE(NEW.rating_perilaku, ''), COALESCE(NEW.predikat, ''), 1, CASE WHEN (NEW.perilaku_bawah & 1) <> 0 THEN 1 ELSE 0 END, CASE WHEN (NEW.perilaku_bawah & 2) <> 0 THEN 1 ELSE 0 END, CASE WHEN (NEW.perilaku_bawah & 4) <> 0 THEN 1 ELSE 0 END, CASE WHEN (NEW.perilaku_bawah & 8) <> 0 THEN 1 ELSE 0 END, CASE WHEN (NEW.perilaku_bawah & 16) <> 0 THEN 1 ELSE 0 END, CASE WHEN (NEW.perilaku_bawah & 32) <> 0 THEN 1 ELSE 0 END, CASE WHEN (NEW.perilaku_bawah & 64) <> 0 THEN 1 ELSE 0 END)
    ON CONFLICT (instansi_id, period_id, unit_id, jenis_jabatan, status, rating_hasil, rating_perilaku, predikat) DO UPDATE SET n = evaluation_tallies.n + excluded.n, pb1 = evaluation_tallies.pb1 + excluded.pb1, pb2 = evaluation_tallies.pb2 + excluded.pb2, pb3 = evaluation_tallies.pb3 + excluded.pb3, pb4 = evaluation_tallies.pb4 + excluded.pb4, pb5 = evaluation_tallies.pb5 + excluded.pb5, pb6 = evaluation_tallies.pb6 + excluded.pb6, pb7 = evaluation_tallies.pb7 + excluded.pb7;
END;

CREATE TRIGGER evaluations_tally_delete AFTER DELETE ON evaluations
BEGIN
    INSERT INTO evaluation_tallies (instansi_id, period_id, unit_id, jenis_jabatan, status, rating_hasil, rating_perilaku, predikat, n, pb1, pb2, pb3, pb4, pb5, pb6, pb7)
    VALUES (OLD.instansi_id, OLD.period_id, OLD.unit_id, OLD.jenis_jabatan, OLD.status, COALESCE(OLD.rating_hasil, ''), COALESCE(OLD.rating_perilaku, ''), COALESCE(OLD.predikat, ''), -1, -CASE WHEN (OLD.perilaku_bawah & 1) <> 0 THEN 1 ELSE 0 END, -CASE WHEN (OLD.perilaku_bawah & 2) <> 0 THEN 1 ELSE 0 END, -CASE WHEN (OLD.perilaku_bawah & 4) <> 0 THEN 1 ELSE 0 END, -CASE WHEN (OLD.perilaku_bawah & 8) <> 0 THEN 1 ELSE 0 END, -CASE WHEN (OLD.perilaku_bawah & 16) <> 0 THEN 1 ELSE 0 END, -CASE WHEN (OLD.perilaku_bawah & 32) <> 0 THEN 1 ELSE 0 END, -CASE WHEN (OLD.perilaku_bawah & 64) <> 0 THEN 1 ELSE 0 END)
    ON CONFLICT (instansi_id, period_id, unit_id, jenis_jabatan, status, rating_hasil, rating_perilaku, predikat) DO UPDATE SET n = evaluation_tallies.n + excluded.n, pb1 = evaluation_tallies.pb1 + excluded.pb1, pb2 = evaluation_tallies.pb2 + excluded.pb2, pb3 = evaluation_tallies.pb3 + excluded.pb3, pb4 = evaluation_tallies.pb4 + excluded.pb4, pb5 = evaluation_tallies.pb5 + excluded.pb5, pb6 = evaluation_tallies.pb6 + excluded.pb6, pb7 = evaluation_tallies.pb7 + excluded.pb7;
END;
