-- A declined buddy invitation's rest: the asker may not invite the same member again until
-- it ends (30 days). It protects the member who declined, so it outlives either side's
-- /mydata delete: it names both only by keyed pseudonyms (bot.vault.pseudonym), never by id,
-- and goes by itself once it has ended.

CREATE TABLE checkin_buddy_rests (
    asker  TEXT NOT NULL,      -- pseudonym of who asked
    member TEXT NOT NULL,      -- pseudonym of who declined
    until  TEXT NOT NULL,      -- UTC: the asker may ask again from then
    PRIMARY KEY (asker, member)
);

CREATE INDEX checkin_buddy_rests_until ON checkin_buddy_rests (until);
