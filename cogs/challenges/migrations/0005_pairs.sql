-- Buddy pairings: a server's pairing schedule, who joined, each round's groups (each with
-- its private thread and activity), and the stay-or-leave question asked after three
-- silent rounds.
--
-- Membership lives here, not in Discord's member list: Kindred has no GUILD_MEMBERS
-- intent. Every id a button carries (an ask) is AUTOINCREMENT, so an old button can never
-- act on a newer row; rounds and groups are AUTOINCREMENT too, so nothing is ever reused.

CREATE TABLE pair_schedules (
    guild_id     INTEGER PRIMARY KEY,         -- one pairing schedule per server
    channel_id   INTEGER NOT NULL,            -- where the private threads are made
    cadence      TEXT    NOT NULL CHECK (cadence IN ('weekly', 'fortnightly', 'monthly')),
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    at           TEXT    NOT NULL,            -- HH:MM, wall clock in timezone
    timezone     TEXT    NOT NULL,
    anchor       TEXT    NOT NULL,            -- local date of the first round (fortnights count from it)
    paused       INTEGER NOT NULL DEFAULT 0,  -- by an admin, or because Discord refused the channel
    active_since TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);

CREATE TABLE pair_members (
    guild_id       INTEGER NOT NULL,
    user_id        INTEGER NOT NULL,
    joined_at      TEXT    NOT NULL,
    silent_rounds  INTEGER NOT NULL DEFAULT 0,  -- rounds in a row without a word in the thread
    asked_at       TEXT,                        -- waiting for Stay / Leave: skipped until then
    left_out_round INTEGER,                     -- the last round that found them nobody
    PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE pair_rounds (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id       INTEGER NOT NULL,
    channel_id     INTEGER NOT NULL,
    occurrence_key TEXT,                        -- a scheduled round's occurrence; NULL for "now"
    created_at     TEXT    NOT NULL,
    UNIQUE (guild_id, occurrence_key)
);

CREATE INDEX pair_rounds_guild ON pair_rounds (guild_id, id);

CREATE TABLE pair_groups (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id      INTEGER NOT NULL REFERENCES pair_rounds (id) ON DELETE CASCADE,
    guild_id      INTEGER NOT NULL,
    activity_id   TEXT    NOT NULL,             -- the bank's id
    activity_text TEXT    NOT NULL,             -- as given (the bank may change later)
    thread_id     INTEGER,                      -- the private thread, once made
    message_id    INTEGER,                      -- the activity posted in it
    reviewed      INTEGER NOT NULL DEFAULT 0    -- who spoke was counted at a later round
);

CREATE INDEX pair_groups_round ON pair_groups (round_id);
CREATE INDEX pair_groups_guild ON pair_groups (guild_id);

CREATE TABLE pair_group_members (
    group_id INTEGER NOT NULL REFERENCES pair_groups (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL,
    PRIMARY KEY (group_id, user_id)
);

CREATE INDEX pair_group_members_user ON pair_group_members (user_id);

CREATE TABLE pair_asks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,                -- the only one who may answer
    thread_id  INTEGER NOT NULL,
    message_id INTEGER,                         -- once posted
    created_at TEXT    NOT NULL,
    answer     TEXT CHECK (answer IN ('stay', 'leave'))
);

CREATE INDEX pair_asks_user ON pair_asks (user_id);
CREATE INDEX pair_asks_guild ON pair_asks (guild_id);
