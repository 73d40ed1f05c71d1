-- released as user_version 5

-- Love languages (cogs/lovelanguages): quiz progress and results, per-server sharing,
-- weekly nudges, and appreciation notes. Quiz answers are language ids, not free text; a
-- note's text is never stored here (it travels sealed in `deliveries` until sent).

-- An unfinished quiz, so it survives an interruption or a restart.
CREATE TABLE ll_quiz_progress (
    user_id      INTEGER PRIMARY KEY,
    relationship TEXT    NOT NULL CHECK (relationship IN ('partner', 'friend', 'family')),
    part         TEXT    NOT NULL CHECK (part IN ('receive', 'give')),
    answers      TEXT    NOT NULL,          -- JSON list of the chosen language ids, in order
    result_id    INTEGER,                   -- during part 2: the result it completes
    updated_at   TEXT    NOT NULL
);

-- Every finished quiz (past results are kept; the newest is the member's profile).
CREATE TABLE ll_results (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    relationship TEXT    NOT NULL,
    receive      TEXT    NOT NULL,          -- JSON {language: points}, summing to 30
    give         TEXT,                      -- JSON {language: points}, summing to 15
    taken_at     TEXT    NOT NULL
);

CREATE INDEX ll_results_user ON ll_results (user_id, id);

-- Where a member shared their profile. Private until shared; unsharing deletes the row.
CREATE TABLE ll_shares (
    user_id   INTEGER NOT NULL,
    guild_id  INTEGER NOT NULL,
    shared_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, guild_id)
);

CREATE INDEX ll_shares_guild ON ll_shares (guild_id);

-- Members who asked for a weekly nudge about the people of a server.
CREATE TABLE ll_nudge_subscriptions (
    user_id  INTEGER NOT NULL,
    guild_id INTEGER NOT NULL,
    since    TEXT    NOT NULL,
    PRIMARY KEY (user_id, guild_id)
);

-- Which nudge went to whom about whom, for the weekly rhythm and the rotation.
CREATE TABLE ll_nudges_sent (
    user_id  INTEGER NOT NULL,
    guild_id INTEGER NOT NULL,
    about_id INTEGER NOT NULL,
    sent_at  TEXT    NOT NULL
);

CREATE INDEX ll_nudges_sent_user ON ll_nudges_sent (user_id, guild_id, sent_at);
CREATE INDEX ll_nudges_sent_about ON ll_nudges_sent (about_id);

-- Appreciation notes sent (who, to whom, whether anonymous); the text is not kept here.
CREATE TABLE ll_notes (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    sender_id    INTEGER NOT NULL,
    recipient_id INTEGER NOT NULL,
    anonymous    INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    sent_at      TEXT    NOT NULL,
    reported_at  TEXT
);

CREATE INDEX ll_notes_sender ON ll_notes (sender_id, sent_at);
CREATE INDEX ll_notes_recipient ON ll_notes (recipient_id);

-- A recipient's block of a (possibly hidden) sender: no more notes from them, ever.
CREATE TABLE ll_note_blocks (
    recipient_id INTEGER NOT NULL,
    sender_id    INTEGER NOT NULL,
    blocked_at   TEXT    NOT NULL,
    PRIMARY KEY (recipient_id, sender_id)
);
