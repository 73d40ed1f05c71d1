-- Appreciation notes, issue 10: a note's id is never given to another note (its Report and
-- Block buttons carry it, and an old button must not act on a newer note), and the sender of
-- an anonymous note is kept only as a pseudonym (a keyed hash, see `vault_pseudonym_key`).
-- SQLite cannot add AUTOINCREMENT in place: each table is built anew, filled, and renamed.
--
-- A pseudonym needs the key, which SQL does not have: rows from before this file carry
-- 'legacy:<id>' until the cog, on its first start, turns each into the member's pseudonym.

-- Anonymous notes sent in the last day, by pseudonym: the daily limit, which a sender's
-- /mydata delete does not reset. Filled from the notes before they are rebuilt.
CREATE TABLE ll_anonymous_sends (
    sender_key TEXT NOT NULL,
    sent_at    TEXT NOT NULL
);

CREATE INDEX ll_anonymous_sends_sender ON ll_anonymous_sends (sender_key, sent_at);

INSERT INTO ll_anonymous_sends (sender_key, sent_at)
SELECT 'legacy:' || sender_id, sent_at FROM ll_notes WHERE anonymous = 1;

CREATE TABLE ll_notes_rebuilt (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id     INTEGER NOT NULL,
    sender_key   TEXT    NOT NULL,          -- the sender's pseudonym
    sender_id    INTEGER,                   -- named notes only: the recipient saw the name
    recipient_id INTEGER NOT NULL,
    anonymous    INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    sent_at      TEXT    NOT NULL,
    reported_at  TEXT,
    CHECK (anonymous = 0 OR sender_id IS NULL)
);

INSERT INTO ll_notes_rebuilt (id, guild_id, sender_key, sender_id, recipient_id, anonymous,
                              sent_at, reported_at)
SELECT id, guild_id, 'legacy:' || sender_id,
       CASE WHEN anonymous = 1 THEN NULL ELSE sender_id END,
       recipient_id, anonymous, sent_at, reported_at
  FROM ll_notes;

DROP TABLE ll_notes;

ALTER TABLE ll_notes_rebuilt RENAME TO ll_notes;

CREATE INDEX ll_notes_sender ON ll_notes (sender_key, sent_at);
CREATE INDEX ll_notes_recipient ON ll_notes (recipient_id);

-- A recipient's block of a sender, by the sender's pseudonym: it outlives the sender's data.
CREATE TABLE ll_note_blocks_rebuilt (
    recipient_id INTEGER NOT NULL,
    sender_key   TEXT    NOT NULL,
    blocked_at   TEXT    NOT NULL,
    PRIMARY KEY (recipient_id, sender_key)
);

INSERT INTO ll_note_blocks_rebuilt (recipient_id, sender_key, blocked_at)
SELECT recipient_id, 'legacy:' || sender_id, blocked_at FROM ll_note_blocks;

DROP TABLE ll_note_blocks;

ALTER TABLE ll_note_blocks_rebuilt RENAME TO ll_note_blocks;
