-- A pause for a hard week, taken by the member: until paused_until, every DM Kindred would
-- send the member waits, they are out of pairings, and no streak breaks because of them.
-- Both stay after the pause ends (resume sets paused_until to that moment), so a streak
-- can still tell afterwards that a challenge was posted while the member was away; only
-- the latest pause is kept. Deleting a member's data removes the row with the rest.

ALTER TABLE member_boundaries ADD COLUMN paused_from TEXT;
ALTER TABLE member_boundaries ADD COLUMN paused_until TEXT;
