-- The jenis jabatan an evaluation was made in is kept on it (a promotion later does not
-- move past results to another column of the dashboard), and the dashboard's aggregates
-- read indexes only: one covering the per-unit tallies and the jabatan heat map, one
-- ordered for the distribution per period.

ALTER TABLE evaluations ADD COLUMN jenis_jabatan TEXT NOT NULL DEFAULT '';

UPDATE evaluations SET jenis_jabatan = COALESCE((
    SELECT p.jenis FROM employees e JOIN positions p ON p.id = e.position_id
    WHERE e.id = evaluations.employee_id), '');

CREATE INDEX evaluations_tally ON evaluations (instansi_id, period_id, unit_id, status,
    rating_hasil, rating_perilaku, perilaku_bawah, predikat, jenis_jabatan);
CREATE INDEX evaluations_trend ON evaluations (instansi_id, period_id, predikat, status);
