-- Fun challenges: what each channel was given, the posts, members' completions, and the
-- 😂 on them.
--
-- Every id a button carries (a post, a completion) is AUTOINCREMENT, so a deleted row's id
-- is never handed to a new one and an old button can never act on someone else's row.
-- Later migrations add schedules, the board's streak, the memory jar's anniversaries and
-- buddy pairs in tables of their own (or as columns of challenge_channels), keyed by these
-- ids; nothing here needs to change for them.

CREATE TABLE challenge_channels (
    channel_id  INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    max_depth   INTEGER NOT NULL DEFAULT 1 CHECK (max_depth BETWEEN 1 AND 3),  -- the ceiling
    cycle       INTEGER NOT NULL DEFAULT 1,  -- the round through the bank
    posts       INTEGER NOT NULL DEFAULT 0,  -- numbers the posts (#N in this channel)
    last_now_at TEXT                         -- the /challenge now cooldown
);

CREATE INDEX challenge_channels_guild ON challenge_channels (guild_id);

CREATE TABLE challenge_posts (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id       INTEGER NOT NULL,
    channel_id     INTEGER NOT NULL,
    occurrence_key TEXT,                      -- a scheduled post's occurrence (later)
    challenge_id   TEXT    NOT NULL,          -- the bank's id
    kind           TEXT    NOT NULL,
    depth          INTEGER NOT NULL,
    size           TEXT    NOT NULL,
    challenge_text TEXT    NOT NULL,          -- as posted (the bank may change later)
    number         INTEGER NOT NULL,
    cycle          INTEGER NOT NULL,
    message_id     INTEGER,                   -- once sent
    thread_id      INTEGER,
    created_at     TEXT    NOT NULL,
    UNIQUE (channel_id, occurrence_key)
);

CREATE INDEX challenge_posts_channel_cycle ON challenge_posts (channel_id, cycle);
CREATE INDEX challenge_posts_guild ON challenge_posts (guild_id);

CREATE TABLE challenge_completions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id     INTEGER NOT NULL REFERENCES challenge_posts (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,             -- shown by name in the thread, so not hidden
    note_sealed TEXT,                         -- the optional note or link, encrypted
    channel_id  INTEGER,                      -- where the bot posted it (the thread)
    message_id  INTEGER,
    created_at  TEXT    NOT NULL,
    edited_at   TEXT,
    kept_at     TEXT,                         -- kept for the memory jar by its author
    UNIQUE (post_id, user_id)
);

CREATE INDEX challenge_completions_user ON challenge_completions (user_id);

CREATE TABLE challenge_laughs (
    completion_id INTEGER NOT NULL REFERENCES challenge_completions (id) ON DELETE CASCADE,
    member_key    TEXT    NOT NULL,           -- who laughed, as a pseudonym: only counted
    created_at    TEXT    NOT NULL,
    PRIMARY KEY (completion_id, member_key)
);

CREATE INDEX challenge_laughs_member ON challenge_laughs (member_key);
