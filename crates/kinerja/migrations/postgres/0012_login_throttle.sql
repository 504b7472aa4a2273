-- Login throttling that every server process sees: one counter per client address (all
-- attempts), per account from unknown devices, and per known device (failures only), each
-- in a fixed window. Keyed by address or username, so not per instansi.

CREATE TABLE login_throttle (
    key          TEXT   PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL
);
CREATE INDEX login_throttle_window ON login_throttle (window_start);
