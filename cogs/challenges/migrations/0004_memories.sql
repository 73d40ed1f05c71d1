-- The memory jar's anniversaries: "A year ago today…", posted once for a kept moment.
--
-- A row is the claim, written BEFORE the post is sent, with the nonce the post is sent with:
-- whoever inserts it first is the only one who may post, so a second run, a restart or a
-- second process never posts it twice. It is keyed by the completion but does not cascade
-- from it: /mydata delete removes the completions first (another owner), and this row must
-- still be there to say which anniversary post carries the member's words.

CREATE TABLE challenge_anniversaries (
    completion_id INTEGER PRIMARY KEY,        -- the kept completion (ids are never reused)
    guild_id      INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,           -- the author, whose words the post carries
    nonce         TEXT    NOT NULL,           -- sent with the post (Discord drops a repeat)
    claimed_at    TEXT    NOT NULL,
    channel_id    INTEGER,                    -- where it was posted, once sent
    message_id    INTEGER,
    sent_at       TEXT
);

CREATE INDEX challenge_anniversaries_user ON challenge_anniversaries (user_id);
CREATE INDEX challenge_anniversaries_guild ON challenge_anniversaries (guild_id);
CREATE INDEX challenge_completions_kept ON challenge_completions (kept_at)
    WHERE kept_at IS NOT NULL;

-- A photo challenge's completion can carry a photo, re-uploaded by Kindred with its post in
-- the thread. Kindred keeps no copy of it: only the name it gave the file in its own post
-- (photo.png, photo.jpg…), so an edited note keeps showing the photo.
ALTER TABLE challenge_completions ADD COLUMN photo_file TEXT;
