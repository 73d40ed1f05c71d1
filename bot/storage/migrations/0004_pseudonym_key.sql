-- Pseudonyms: a keyed hash (HMAC-SHA256) of a member id stands in for the member wherever
-- the link to them must stay hidden (the author of anonymous content, a limit or a bar
-- that outlives their data). The hash key is random, made on first start, and kept here
-- sealed with KINDRED_SECRET_KEY: `python -m bot rekey` re-seals it like any other sealed
-- value, so pseudonyms stay the same across key rotations.

-- At most one row.
CREATE TABLE vault_pseudonym_key (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    key_sealed TEXT    NOT NULL  -- 32 random bytes, base64, sealed; never user text
);
