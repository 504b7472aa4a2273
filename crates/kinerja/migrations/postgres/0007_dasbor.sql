-- The dashboard reads aggregates in one pass over evaluations: which BerAKHLAK values the
-- penilai rated below expectation is kept on the evaluation as a bit mask (bit k-1 for
-- value k), and results per period are covered by an index.

ALTER TABLE evaluations ADD COLUMN perilaku_bawah BIGINT NOT NULL DEFAULT 0;

UPDATE evaluations SET perilaku_bawah = COALESCE((
    SELECT SUM(CASE i.subjek_id WHEN 1 THEN 1 WHEN 2 THEN 2 WHEN 3 THEN 4 WHEN 4 THEN 8
        WHEN 5 THEN 16 WHEN 6 THEN 32 WHEN 7 THEN 64 ELSE 0 END)
    FROM evaluation_items i
    WHERE i.evaluation_id = evaluations.id AND i.subjek = 'perilaku' AND i.penilai_rating = 'di_bawah'), 0);

CREATE INDEX evaluations_period_result ON evaluations (instansi_id, period_id, status, predikat);
