-- Ids a button can carry are never handed out twice, and anonymous authors are not stored
-- in clear.
--
-- A button's custom_id names a post, an answer, a server's own question or a suggestion by
-- its id. With a plain INTEGER PRIMARY KEY, SQLite gives the next row the id of the newest
-- one deleted, so an old button could act on someone else's new row; AUTOINCREMENT never
-- does. SQLite cannot add AUTOINCREMENT in place, so each table is built anew, copied,
-- dropped and renamed, and its indexes made again. Children are built against the new
-- parents' names before the old tables go, so the drops cascade into nothing that is kept
-- (renaming a table rewrites the foreign keys that name it).
--
-- question_answers gains author_key: the author's pseudonym (a keyed hash, see
-- bot.storage.vault), by which the author finds their own answer; user_id stays only on
-- named answers. Rows from before this migration have no author_key yet: the cog fills it
-- in when it loads (SQL alone has no key) and clears user_id from anonymous ones.
-- question_anonymous_bars keeps members by pseudonym too (legacy rows as 'id:<user id>'
-- until the cog converts them), so a bar can outlive the barred member's data.

CREATE TABLE question_posts_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
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

CREATE TABLE question_answers_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id     INTEGER NOT NULL REFERENCES question_posts_new (id) ON DELETE CASCADE,
    user_id     INTEGER,                      -- the author of a named answer; NULL if anonymous
    anonymous   INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    text_sealed TEXT    NOT NULL,
    channel_id  INTEGER,                      -- where the bot posted it (the thread)
    message_id  INTEGER,
    created_at  TEXT    NOT NULL,
    edited_at   TEXT,
    author_key  TEXT,                         -- the author's pseudonym (every answer)
    UNIQUE (post_id, author_key)
);

CREATE TABLE question_validations_new (
    answer_id  INTEGER NOT NULL REFERENCES question_answers_new (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);

INSERT INTO question_posts_new (id, guild_id, channel_id, occurrence_key, question_key,
    question_text, category, depth, number, cycle, scheduled, message_id, thread_id,
    created_at)
SELECT id, guild_id, channel_id, occurrence_key, question_key, question_text, category, depth,
    number, cycle, scheduled, message_id, thread_id, created_at
  FROM question_posts;

INSERT INTO question_answers_new (id, post_id, user_id, anonymous, text_sealed, channel_id,
    message_id, created_at, edited_at)
SELECT id, post_id, user_id, anonymous, text_sealed, channel_id, message_id, created_at,
    edited_at
  FROM question_answers;

INSERT INTO question_validations_new (answer_id, user_id, created_at)
SELECT answer_id, user_id, created_at FROM question_validations;

DROP TABLE question_validations;
DROP TABLE question_answers;
DROP TABLE question_posts;

ALTER TABLE question_posts_new RENAME TO question_posts;
ALTER TABLE question_answers_new RENAME TO question_answers;
ALTER TABLE question_validations_new RENAME TO question_validations;

CREATE INDEX question_posts_channel ON question_posts (channel_id, cycle);
CREATE INDEX question_posts_guild ON question_posts (guild_id);
CREATE INDEX question_answers_user ON question_answers (user_id);
CREATE INDEX question_answers_author ON question_answers (author_key);
CREATE INDEX question_validations_user ON question_validations (user_id);

CREATE TABLE question_custom_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id     INTEGER NOT NULL,
    text         TEXT    NOT NULL,
    category     TEXT    NOT NULL,
    depth        INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 3),
    suggested_by INTEGER,                     -- forgotten when that member deletes their data
    removed      INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    created_at   TEXT    NOT NULL
);

INSERT INTO question_custom_new (id, guild_id, text, category, depth, suggested_by, removed,
    created_at)
SELECT id, guild_id, text, category, depth, suggested_by, removed, created_at
  FROM question_custom;

DROP TABLE question_custom;
ALTER TABLE question_custom_new RENAME TO question_custom;
CREATE INDEX question_custom_guild ON question_custom (guild_id);

CREATE TABLE question_suggestions_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    text_sealed TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    depth       INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 3),
    notify      INTEGER NOT NULL CHECK (notify IN (0, 1)),
    created_at  TEXT    NOT NULL
);

INSERT INTO question_suggestions_new (id, guild_id, user_id, text_sealed, category, depth,
    notify, created_at)
SELECT id, guild_id, user_id, text_sealed, category, depth, notify, created_at
  FROM question_suggestions;

DROP TABLE question_suggestions;
ALTER TABLE question_suggestions_new RENAME TO question_suggestions;
CREATE INDEX question_suggestions_guild ON question_suggestions (guild_id, id);
CREATE INDEX question_suggestions_user ON question_suggestions (user_id);

-- Bars by pseudonym: they protect others, so they outlive the barred member's data.
CREATE TABLE question_anonymous_bars_new (
    guild_id   INTEGER NOT NULL,
    member_key TEXT    NOT NULL,             -- the barred member's pseudonym
    barred_at  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, member_key)
);

INSERT INTO question_anonymous_bars_new (guild_id, member_key, barred_at)
SELECT guild_id, 'id:' || user_id, barred_at FROM question_anonymous_bars;

DROP TABLE question_anonymous_bars;
ALTER TABLE question_anonymous_bars_new RENAME TO question_anonymous_bars;
