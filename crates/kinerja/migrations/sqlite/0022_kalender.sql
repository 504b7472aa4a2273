-- The calendar's weekends, so that a query can keep working days in SQL (with the
-- instansi's hari_libur) and sum per unit, instead of returning a row per unit and day.
CREATE TABLE kalender (
    tanggal     DATE    NOT NULL PRIMARY KEY,
    akhir_pekan BOOLEAN NOT NULL
);

WITH RECURSIVE d(t) AS (
    SELECT '2020-01-01'
    UNION ALL
    SELECT date(t, '+1 day') FROM d WHERE t < '2100-12-31'
)
INSERT INTO kalender (tanggal, akhir_pekan)
SELECT t, strftime('%w', t) IN ('0', '6') FROM d;
