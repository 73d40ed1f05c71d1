-- The relationship review: pairs of partners with their schedule, each round (one per
-- occurrence of the schedule), each partner's answers to a round, sealed, and the notes
-- owed to a partner whose other half deleted their answers.
--
-- Every id a button carries (a pair, a round) is AUTOINCREMENT, so an old button can never
-- act on a newer row. A member's words live only in the *_sealed columns (Fernet tokens).

CREATE TABLE review_pairs (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id          INTEGER NOT NULL,            -- where the invitation was posted
    channel_id        INTEGER NOT NULL,
    invite_message_id INTEGER,                     -- the Accept / Decline post, once sent
    inviter_id        INTEGER,                     -- NULL once that member deleted their data
    partner_id        INTEGER,                     -- ditto
    status            TEXT    NOT NULL CHECK (status IN ('invited', 'active', 'stopped')),
    cadence           TEXT    NOT NULL CHECK (cadence IN ('weekly', 'fortnightly', 'monthly')),
    weekday           INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    at                TEXT    NOT NULL,            -- HH:MM, wall clock in timezone
    timezone          TEXT    NOT NULL,            -- IANA name
    anchor            TEXT    NOT NULL,            -- local date the cadence counts from
    since             TEXT,                        -- occurrences at or before it are done
    next_fire_at      TEXT,                        -- next weekly occurrence, UTC (active only)
    stop_owed_to      INTEGER,                     -- the partner still to be told of a stop
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    CHECK (inviter_id IS NULL OR partner_id IS NULL OR inviter_id <> partner_id)
);

-- Two people have at most one review that is not stopped, whoever invited whom.
CREATE UNIQUE INDEX review_pairs_live
    ON review_pairs (min(inviter_id, partner_id), max(inviter_id, partner_id))
    WHERE status <> 'stopped';
CREATE INDEX review_pairs_inviter ON review_pairs (inviter_id);
CREATE INDEX review_pairs_partner ON review_pairs (partner_id);
CREATE INDEX review_pairs_guild ON review_pairs (guild_id);
-- The recurring source lists the active pairs due next, earliest first.
CREATE INDEX review_pairs_due ON review_pairs (next_fire_at) WHERE status = 'active';

CREATE TABLE review_rounds (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    pair_id        INTEGER NOT NULL REFERENCES review_pairs (id) ON DELETE CASCADE,
    occurrence_key TEXT    NOT NULL,               -- the schedule's occurrence: one round each
    state          TEXT    NOT NULL
                   CHECK (state IN ('open', 'revealed', 'not_this_time', 'stopped')),
    opened_at      TEXT    NOT NULL,
    closed_at      TEXT,
    told_at        TEXT,                           -- the closing's letters queued (reveal or
                                                   --   not this time): owed until then
    UNIQUE (pair_id, occurrence_key)
);

-- A pair has one open round at a time.
CREATE UNIQUE INDEX review_rounds_one_open ON review_rounds (pair_id) WHERE state = 'open';
CREATE INDEX review_rounds_open ON review_rounds (state, opened_at);
CREATE INDEX review_rounds_untold ON review_rounds (state) WHERE told_at IS NULL;

CREATE TABLE review_answers (
    round_id             INTEGER NOT NULL REFERENCES review_rounds (id) ON DELETE CASCADE,
    user_id              INTEGER NOT NULL,
    appreciations_sealed TEXT,                     -- JSON list, sealed; NULL until given
    reflections_sealed   TEXT,                     -- JSON object, sealed; NULL until given
    answered_at          TEXT,                     -- when both parts were in
    reminded_at          TEXT,                     -- the one reminder, once sent
    shown_channel_id     INTEGER,                  -- the reveal that showed these words
    shown_message_id     INTEGER,                  --   to the partner (deleted with them)
    own_channel_id       INTEGER,                  -- the reveal that showed these words
    own_message_id       INTEGER,                  --   back to their writer (ditto)
    PRIMARY KEY (round_id, user_id)
);

CREATE INDEX review_answers_user ON review_answers (user_id);

-- "Their answers are no longer kept": owed to a partner whose other half deleted their data,
-- sent by the cog, then removed. It says when the reviews began and how many rounds lost the
-- other's answers, never who deleted or anything they wrote.
CREATE TABLE review_gone_notices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL,                   -- the partner to tell
    since      TEXT    NOT NULL,                   -- when the pair began, UTC
    rounds     INTEGER NOT NULL,                   -- rounds whose other answers went
    created_at TEXT    NOT NULL
);

CREATE INDEX review_gone_notices_user ON review_gone_notices (user_id);
