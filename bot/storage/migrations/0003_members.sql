-- released as user_version 3

-- Members' boundaries and consent, private delivery, and the bookkeeping behind data
-- rights. Boundaries are per person (they follow a member into every server); only the
-- sharing of a boundary card is per server. See bot/privacy/boundary_rules.py and PRIVACY.md.

CREATE TABLE member_boundaries (
    user_id           INTEGER PRIMARY KEY,
    max_depth         INTEGER NOT NULL DEFAULT 3 CHECK (max_depth BETWEEN 1 AND 3),
    quiet_start       TEXT,              -- 'HH:MM', the member's local time
    quiet_end         TEXT,
    timezone          TEXT,              -- IANA name
    max_dms_per_week  INTEGER CHECK (max_dms_per_week BETWEEN 0 AND 50),  -- NULL: default
    pairing           INTEGER NOT NULL DEFAULT 1 CHECK (pairing IN (0, 1)),
    card_sealed       TEXT,              -- the boundary card, encrypted
    unreachable_since TEXT,              -- DMs answered 50007 (closed); no DM until cleared
    updated_at        TEXT    NOT NULL,
    CHECK ((quiet_start IS NULL) = (quiet_end IS NULL)),
    CHECK (quiet_start IS NULL OR timezone IS NOT NULL)
);

CREATE TABLE member_topics_off (
    user_id INTEGER NOT NULL,
    topic   TEXT    NOT NULL,
    PRIMARY KEY (user_id, topic)
);

CREATE TABLE member_dont_pair (
    user_id  INTEGER NOT NULL,          -- who made the list
    other_id INTEGER NOT NULL,          -- who they will not be paired with
    added_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, other_id)
);

CREATE TABLE member_card_shares (
    user_id   INTEGER NOT NULL,
    guild_id  INTEGER NOT NULL,
    shared_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, guild_id)
);

-- Consent to each kind of DM (a kind is named by the feature that sends it). No row, no DM.
CREATE TABLE dm_consents (
    user_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    granted_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Every private message, from the moment a feature asks for it until it is sent or
-- dropped. Waiting rows survive restarts (quiet hours end while the bot is down); the
-- nonce makes a resend after a crash land once. Sent rows keep no content and are
-- removed after the weekly limit no longer needs them.
CREATE TABLE deliveries (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    guild_id       INTEGER,            -- the server it came from, if any
    dedupe_key     TEXT,               -- the same letter is never queued twice
    depth          INTEGER,
    topic          TEXT,
    payload_sealed TEXT,               -- the message, encrypted; NULL once sent or dropped
    state          TEXT    NOT NULL CHECK (state IN ('waiting', 'sending', 'sent', 'dropped')),
    due_at         TEXT    NOT NULL,
    lease_until    TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    nonce          TEXT    NOT NULL,
    channel_id     INTEGER,            -- the DM channel and message, once sent
    message_id     INTEGER,
    detail         TEXT,               -- why it was dropped; never user text
    created_at     TEXT    NOT NULL,
    finished_at    TEXT
);

CREATE UNIQUE INDEX deliveries_once ON deliveries (user_id, dedupe_key)
    WHERE dedupe_key IS NOT NULL;
CREATE INDEX deliveries_due ON deliveries (state, due_at);
CREATE INDEX deliveries_user ON deliveries (user_id, state);

-- Servers Kindred is in or left. A server's data is purged 30 days after it left;
-- coming back sooner clears left_at and keeps everything.
CREATE TABLE guild_presence (
    guild_id  INTEGER PRIMARY KEY,
    joined_at TEXT NOT NULL,
    left_at   TEXT
);

-- Bot messages that must be deleted because a member deleted their data. Written in the
-- same transaction as the deletion, so a crash cannot forget them.
CREATE TABLE post_deletions (
    channel_id   INTEGER NOT NULL,
    message_id   INTEGER NOT NULL,
    requested_at TEXT    NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, message_id)
);
