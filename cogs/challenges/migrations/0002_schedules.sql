-- Scheduled challenges: one schedule per channel (a second one is refused, never merged),
-- daily or on one weekday, with the kinds the channel takes and an optional role to ping.
-- Each occurrence is posted once through the core's occurrence claims, keyed by the
-- occurrence_key that challenge_posts already has.

CREATE TABLE challenge_schedules (
    channel_id   INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    at           TEXT    NOT NULL,            -- 'HH:MM' local
    timezone     TEXT    NOT NULL,            -- IANA name
    weekdays     TEXT    NOT NULL,            -- '0,1,2,3,4,5,6' (daily) or one day (0 = Monday)
    kinds        TEXT    NOT NULL,            -- the kinds the channel takes, e.g. 'laugh,photo'
    ping_role_id INTEGER,
    paused       INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    active_since TEXT    NOT NULL,            -- created or resumed (UTC)
    updated_at   TEXT    NOT NULL
);

CREATE INDEX challenge_schedules_guild ON challenge_schedules (guild_id);

-- Admins hear once per round that a channel's fresh challenges run low.
ALTER TABLE challenge_channels ADD COLUMN low_warned_cycle INTEGER;
