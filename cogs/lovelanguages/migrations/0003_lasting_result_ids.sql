-- Result ids are never handed out twice: an unfinished second part of the quiz names the
-- result it completes by id, and with a plain INTEGER PRIMARY KEY SQLite gives a new row
-- the id of the newest one deleted. AUTOINCREMENT never does. SQLite cannot add it in
-- place, so the table is built anew, copied, dropped and renamed, and its index made again.

CREATE TABLE ll_results_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL,
    relationship TEXT    NOT NULL,
    receive      TEXT    NOT NULL,          -- JSON {language: points}, summing to 30
    give         TEXT,                      -- JSON {language: points}, summing to 15
    taken_at     TEXT    NOT NULL
);

INSERT INTO ll_results_new (id, user_id, relationship, receive, give, taken_at)
SELECT id, user_id, relationship, receive, give, taken_at FROM ll_results;

DROP TABLE ll_results;
ALTER TABLE ll_results_new RENAME TO ll_results;

CREATE INDEX ll_results_user ON ll_results (user_id, id);
