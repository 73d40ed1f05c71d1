-- The board's settings, one row per channel (an admin's choice with /challenge settings):
-- how many distinct completions a challenge needs to count for the channel's streak, and
-- whether /challenge board answers at all. The ceiling (max_depth) is already a column.
-- No member data: the board itself is worked out from the posts and completions each time.

ALTER TABLE challenge_channels
    ADD COLUMN streak_needs INTEGER NOT NULL DEFAULT 1 CHECK (streak_needs BETWEEN 1 AND 20);

ALTER TABLE challenge_channels
    ADD COLUMN board_on INTEGER NOT NULL DEFAULT 1 CHECK (board_on IN (0, 1));
