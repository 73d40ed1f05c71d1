-- released as user_version 1

-- Core bookkeeping shared by every feature. Plain types only (INTEGER, TEXT) so the
-- schema moves to PostgreSQL unchanged; times are UTC ISO-8601 text.

-- One row per scheduled occurrence that was claimed, sent, skipped or failed.
-- The primary key is what makes "exactly one post per occurrence" hold: a process
-- may send only after its INSERT of the row succeeded.
CREATE TABLE occurrences (
    job_key        TEXT    NOT NULL,
    occurrence_key TEXT    NOT NULL,  -- the occurrence's local date, e.g. 2026-03-29
    fires_at       TEXT    NOT NULL,  -- when it was due (UTC)
    state          TEXT    NOT NULL CHECK (state IN ('claimed', 'sent', 'skipped', 'failed')),
    owner          TEXT,              -- the process that holds the claim
    lease_until    TEXT,              -- after this, another process may take the claim over
    attempts       INTEGER NOT NULL DEFAULT 0,
    detail         TEXT,              -- why it was skipped or failed; never user text
    updated_at     TEXT    NOT NULL,
    PRIMARY KEY (job_key, occurrence_key)
);

CREATE INDEX occurrences_pending ON occurrences (state, lease_until);

-- Things to tell someone the next time they use a command: an admin that a channel
-- stopped accepting posts, a member that their DMs are closed.
CREATE TABLE notices (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER,             -- for admin notices
    user_id      INTEGER,             -- for a member's own notices
    dedupe_key   TEXT    NOT NULL,    -- the same problem is only told once
    text         TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    delivered_at TEXT,
    CHECK ((guild_id IS NULL) <> (user_id IS NULL))
);

CREATE UNIQUE INDEX notices_once ON notices (dedupe_key) WHERE delivered_at IS NULL;
CREATE INDEX notices_guild ON notices (guild_id) WHERE delivered_at IS NULL;
CREATE INDEX notices_user ON notices (user_id) WHERE delivered_at IS NULL;
