-- The calendar's weekends, so that a query can keep working days in SQL (with the
-- instansi's hari_libur) and sum per unit, instead of returning a row per unit and day.
CREATE TABLE kalender (
    tanggal     DATE    NOT NULL PRIMARY KEY,
    akhir_pekan BOOLEAN NOT NULL
);

INSERT INTO kalender (tanggal, akhir_pekan)
SELECT d::date, EXTRACT(ISODOW FROM d) IN (6, 7)
FROM generate_series(DATE '2020-01-01', DATE '2100-12-31', INTERVAL '1 day') AS d;
