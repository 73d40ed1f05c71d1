-- released as user_version 4

-- Daily questions (cogs/questions). Answers are public in Discord once posted, but the link
-- between an anonymous answer and its author is private: it lives only in question_answers,
-- is never shown to anyone, and goes with /mydata delete. Answer text is stored sealed.

-- One schedule per channel, in the server's own time zone.
CREATE TABLE question_schedules (
    channel_id   INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    at           TEXT    NOT NULL,            -- 'HH:MM' local
    timezone     TEXT    NOT NULL,            -- IANA name
    weekdays     TEXT    NOT NULL,            -- e.g. '0,2,4' (0 = Monday)
    ping_role_id INTEGER,
    fixed_depth  INTEGER CHECK (fixed_depth BETWEEN 1 AND 3),  -- NULL: the depth ladder
    paused       INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    active_since TEXT    NOT NULL,            -- created, changed or resumed (UTC)
    updated_at   TEXT    NOT NULL
);

CREATE INDEX question_schedules_guild ON question_schedules (guild_id);

-- What a channel remembers between posts: its ladder level, which cycle of the bank it is
-- in, its post counter, and whether admins were told it is running low this cycle.
CREATE TABLE question_channels (
    channel_id       INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    ladder_level     INTEGER NOT NULL DEFAULT 1 CHECK (ladder_level BETWEEN 1 AND 3),
    cycle            INTEGER NOT NULL DEFAULT 1,
    posts            INTEGER NOT NULL DEFAULT 0,
    low_warned_cycle INTEGER,
    last_now_at      TEXT                     -- for /question now's cooldown
);

-- Every question posted. A scheduled post is created once per occurrence (the unique
-- key), before it is sent, so a retry after a crash posts the same question.
CREATE TABLE question_posts (
    id             INTEGER PRIMARY KEY,
    guild_id       INTEGER NOT NULL,
    channel_id     INTEGER NOT NULL,
    occurrence_key TEXT,                      -- the local date of a scheduled post
    question_key   TEXT    NOT NULL,          -- 'bank:<id>' or 'custom:<id>'
    question_text  TEXT    NOT NULL,          -- as asked (a custom question may change later)
    category       TEXT    NOT NULL,
    depth          INTEGER NOT NULL,
    number         INTEGER NOT NULL,          -- #N in this channel
    cycle          INTEGER NOT NULL,
    scheduled      INTEGER NOT NULL CHECK (scheduled IN (0, 1)),
    message_id     INTEGER,                   -- once sent
    thread_id      INTEGER,
    created_at     TEXT    NOT NULL,
    UNIQUE (channel_id, occurrence_key)
);

CREATE INDEX question_posts_channel ON question_posts (channel_id, cycle);
CREATE INDEX question_posts_guild ON question_posts (guild_id);

CREATE TABLE question_answers (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES question_posts (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    anonymous   INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    text_sealed TEXT    NOT NULL,
    channel_id  INTEGER,                      -- where the bot posted it (the thread)
    message_id  INTEGER,
    created_at  TEXT    NOT NULL,
    edited_at   TEXT,
    UNIQUE (post_id, user_id)
);

CREATE INDEX question_answers_user ON question_answers (user_id);

-- "That makes sense": one per member per answer.
CREATE TABLE question_validations (
    answer_id  INTEGER NOT NULL REFERENCES question_answers (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);

CREATE INDEX question_validations_user ON question_validations (user_id);

-- "Ready to go deeper" presses since the channel's level last changed.
CREATE TABLE question_ladder_votes (
    channel_id INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (channel_id, user_id)
);

CREATE INDEX question_ladder_votes_user ON question_ladder_votes (user_id);

-- A server's own questions (added by an admin, or an approved suggestion).
CREATE TABLE question_custom (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    text         TEXT    NOT NULL,
    category     TEXT    NOT NULL,
    depth        INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 3),
    suggested_by INTEGER,                     -- forgotten when that member deletes their data
    removed      INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    created_at   TEXT    NOT NULL
);

CREATE INDEX question_custom_guild ON question_custom (guild_id);

-- Suggestions waiting for an admin.
CREATE TABLE question_suggestions (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    text_sealed TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    depth       INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 3),
    notify      INTEGER NOT NULL CHECK (notify IN (0, 1)),
    created_at  TEXT    NOT NULL
);

CREATE INDEX question_suggestions_guild ON question_suggestions (guild_id, id);
CREATE INDEX question_suggestions_user ON question_suggestions (user_id);

-- Members an admin barred from answering anonymously in a server, after removing one of
-- their anonymous answers, without ever learning who they are.
CREATE TABLE question_anonymous_bars (
    guild_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    barred_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
