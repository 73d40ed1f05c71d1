-- When a check-in's conversation ended: after a Pass, or after the note step (a note saved
-- or "no note"). Set by one conditional write, so the last step, and whatever follows it (the
-- validating reply, the care suggestion), happens once even with two presses at once.
ALTER TABLE checkins ADD COLUMN finished_at TEXT;
