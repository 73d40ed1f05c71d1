-- The probe's per-member daily reminders: the shape a per-member feature's table takes
-- (one row per member, an indexed next-fire column, a cursor the engine advances).
CREATE TABLE probe_reminders (
    user_id      INTEGER PRIMARY KEY,
    at           TEXT    NOT NULL,  -- 'HH:MM' on the member's own clock
    zone         TEXT    NOT NULL,  -- IANA name
    since        TEXT    NOT NULL,  -- occurrences at or before it are done with
    next_fire_at TEXT    NOT NULL,
    paused       INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX probe_reminders_due ON probe_reminders (paused, next_fire_at);
