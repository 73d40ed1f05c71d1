-- Private check-ins: each member's own schedule, each check-in asked (answered or not), and
-- the buddies a member chose, who see a mood only when it is shared with them.
--
-- Every id a button carries (a check-in, a buddy invitation, a share) is AUTOINCREMENT, so
-- an old button can never act on a newer row. A check-in's mood is NULL until answered and
-- stays NULL after a Pass: nothing unanswered is ever a value.

CREATE TABLE checkin_schedules (
    user_id        INTEGER PRIMARY KEY,         -- one schedule per member, wherever they are
    at             TEXT    NOT NULL,            -- HH:MM, wall clock in timezone
    timezone       TEXT    NOT NULL,
    weekdays       TEXT    NOT NULL,            -- '0,2,4', 0 = Monday
    retention_days INTEGER NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 365),
    paused         INTEGER NOT NULL DEFAULT 0,  -- /checkin pause without days, or DMs refused
    paused_until   TEXT,                        -- /checkin pause days: resumes by itself then
    since          TEXT    NOT NULL,            -- occurrences at or before it are done with
    next_fire_at   TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);

CREATE INDEX checkin_schedules_due ON checkin_schedules (paused, next_fire_at);

CREATE TABLE checkins (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL,
    occurrence_key  TEXT,                       -- a scheduled check-in's occurrence; NULL for "now"
    timezone        TEXT    NOT NULL,           -- the member's zone when asked: history's days
    asked_at        TEXT    NOT NULL,
    channel_id      INTEGER,                    -- the DM the question was sent in, once sent
    message_id      INTEGER,                    -- its message: presses must come from it
    mood            TEXT CHECK (mood IN ('very_low', 'low', 'okay', 'good', 'very_good')),
    passed          INTEGER NOT NULL DEFAULT 0,
    wish            TEXT CHECK (wish IN ('listen', 'encouragement', 'space', 'company', 'nothing')),
    note_sealed     TEXT,                       -- encrypted; purged at note_expires_at
    note_expires_at TEXT,
    answered_at     TEXT,
    care_offered    INTEGER NOT NULL DEFAULT 0, -- this answer brought the gentle suggestion
    UNIQUE (user_id, occurrence_key),
    CHECK (NOT (passed = 1 AND mood IS NOT NULL)),
    CHECK (note_sealed IS NULL OR note_expires_at IS NOT NULL)
);

CREATE INDEX checkins_user ON checkins (user_id, asked_at);
CREATE INDEX checkins_note_expiry ON checkins (note_expires_at) WHERE note_sealed IS NOT NULL;

CREATE TABLE checkin_buddies (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL,               -- who asked
    buddy_id    INTEGER NOT NULL,               -- who was asked: the only one who may answer
    guild_id    INTEGER NOT NULL,               -- where the invitation was posted
    channel_id  INTEGER NOT NULL,
    message_id  INTEGER,                        -- the invitation, once posted
    status      TEXT    NOT NULL DEFAULT 'invited'
                CHECK (status IN ('invited', 'accepted', 'declined', 'ended')),
    created_at  TEXT    NOT NULL,
    answered_at TEXT,
    CHECK (user_id <> buddy_id)
);

-- One live invitation or buddyship per pair and direction; ended and declined ones are kept
-- only until either side deletes their data.
CREATE UNIQUE INDEX checkin_buddies_live ON checkin_buddies (user_id, buddy_id)
    WHERE status IN ('invited', 'accepted');
CREATE INDEX checkin_buddies_buddy ON checkin_buddies (buddy_id);
CREATE INDEX checkin_buddies_guild ON checkin_buddies (guild_id);

-- A check-in shared with a buddy, chosen per check-in. The buddy's DM carries the mood word,
-- the wish and a tip (never the note); their I'm here / Can't right now buttons carry this id.
CREATE TABLE checkin_shares (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    checkin_id   INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,              -- who shared (the check-in's member)
    buddy_id     INTEGER NOT NULL,              -- who may answer
    channel_id   INTEGER,                       -- the buddy's DM, once sent
    message_id   INTEGER,
    created_at   TEXT    NOT NULL,
    response     TEXT CHECK (response IN ('here', 'cant')),
    responded_at TEXT,
    UNIQUE (checkin_id, buddy_id)
);

CREATE INDEX checkin_shares_buddy ON checkin_shares (buddy_id);
CREATE INDEX checkin_shares_user ON checkin_shares (user_id);
