-- Encryption at rest: a canary sealed with the key when the database is first opened, so a
-- wrong or lost KINDRED_SECRET_KEY stops start-up with one line instead of failing on the
-- first read of someone's private text, possibly days later.

-- At most one row. Its *_sealed column is re-sealed by `python -m bot rekey` like any other,
-- so after a rotation the canary proves the newest key too.
CREATE TABLE vault_canary (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    token_sealed TEXT    NOT NULL  -- a fixed known text, sealed; never user text
);
