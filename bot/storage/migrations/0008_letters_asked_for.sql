-- Two things a feature may say about a letter (see bot/outbound/letters.py):
--   asked_for   the member asked for this DM themself (their own scheduled check-in), so it
--               neither counts toward nor is refused by their weekly DM limit; consent,
--               closed DMs, quiet hours and a pause still apply.
--   expires_at  the letter is worth sending only until then: if quiet hours or a pause hold
--               it past that moment, it is dropped ('too_late'), never sent late.

ALTER TABLE deliveries ADD COLUMN asked_for INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN expires_at TEXT;
