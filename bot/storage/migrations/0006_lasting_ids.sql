-- Row ids are never handed out twice. With a plain INTEGER PRIMARY KEY, SQLite gives a new
-- row the id of the newest one deleted, so anything still pointing at the old row (a
-- button, a job, a log line an admin quotes) would silently point at someone else's new
-- one; AUTOINCREMENT never reuses an id. SQLite cannot add it in place, so each table is
-- built anew, copied, dropped and renamed, and its indexes made again.
--
-- delivery_about names deliveries: it is built against the new table's name before the old
-- one goes, so dropping the old deliveries cascades into nothing that is kept (renaming a
-- table rewrites the foreign keys that name it).

CREATE TABLE notices_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id     INTEGER,             -- for admin notices
    user_id      INTEGER,             -- for a member's own notices
    dedupe_key   TEXT    NOT NULL,    -- the same problem is only told once
    text         TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    delivered_at TEXT,
    CHECK ((guild_id IS NULL) <> (user_id IS NULL))
);

INSERT INTO notices_new (id, guild_id, user_id, dedupe_key, text, created_at, delivered_at)
SELECT id, guild_id, user_id, dedupe_key, text, created_at, delivered_at FROM notices;

DROP TABLE notices;
ALTER TABLE notices_new RENAME TO notices;

CREATE UNIQUE INDEX notices_once ON notices (dedupe_key) WHERE delivered_at IS NULL;
CREATE INDEX notices_guild ON notices (guild_id) WHERE delivered_at IS NULL;
CREATE INDEX notices_user ON notices (user_id) WHERE delivered_at IS NULL;

CREATE TABLE deliveries_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
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

CREATE TABLE delivery_about_new (
    delivery_id INTEGER NOT NULL REFERENCES deliveries_new (id) ON DELETE CASCADE,
    member      TEXT    NOT NULL,  -- pseudonym of a member the letter is about
    PRIMARY KEY (delivery_id, member)
);

INSERT INTO deliveries_new (id, user_id, kind, guild_id, dedupe_key, depth, topic,
    payload_sealed, state, due_at, lease_until, attempts, nonce, channel_id, message_id,
    detail, created_at, finished_at)
SELECT id, user_id, kind, guild_id, dedupe_key, depth, topic, payload_sealed, state, due_at,
    lease_until, attempts, nonce, channel_id, message_id, detail, created_at, finished_at
FROM deliveries;

INSERT INTO delivery_about_new (delivery_id, member)
SELECT delivery_id, member FROM delivery_about;

DROP TABLE delivery_about;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;
ALTER TABLE delivery_about_new RENAME TO delivery_about;

CREATE UNIQUE INDEX deliveries_once ON deliveries (user_id, dedupe_key)
    WHERE dedupe_key IS NOT NULL;
CREATE INDEX deliveries_due ON deliveries (state, due_at);
CREATE INDEX deliveries_user ON deliveries (user_id, state);
CREATE INDEX delivery_about_member ON delivery_about (member);
