"""Check-ins as asked and answered. Each step of the DM (mood or Pass, wish, note) is one
conditional write, so a second press, an old button or two presses at once change nothing:
the write that finds the row still waiting is the only one that counts.

The note is sealed by the vault and purged when it expires; the mood stays until the member
deletes their data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.storage.vault import Vault
from cogs.checkins.history import Answer
from cogs.checkins.moods import Mood, Wish
from cogs.checkins.retention import note_expires_at


@dataclass(frozen=True, slots=True)
class Checkin:
    id: int
    user_id: int
    zone: ZoneInfo
    asked_at: datetime
    channel_id: int | None
    message_id: int | None
    mood: Mood | None
    passed: bool
    wish: Wish | None
    has_note: bool
    answered_at: datetime | None
    occurrence_key: str | None = None
    finished_at: datetime | None = None

    @property
    def answered(self) -> bool:
        return self.mood is not None or self.passed


class CheckinStore:
    def __init__(self, db: Database, vault: Vault) -> None:
        self._db = db
        self._vault = vault

    async def ask(
        self, user_id: int, zone: ZoneInfo, now: datetime, occurrence_key: str | None = None
    ) -> Checkin | None:
        """A new check-in; None if this occurrence already has one (one DM per occurrence)."""
        async with self._db.transaction() as db:
            row = await db.fetch_one(
                """
            INSERT INTO checkins (user_id, occurrence_key, timezone, asked_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (user_id, occurrence_key) DO NOTHING
            RETURNING *
            """,
                (user_id, occurrence_key, zone.key, to_db_time(now)),
            )
        return _checkin(row) if row is not None else None

    async def by_occurrence(self, user_id: int, occurrence_key: str) -> Checkin | None:
        """The check-in an occurrence already asked (a fire retried after a crash)."""
        row = await self._db.fetch_one(
            "SELECT * FROM checkins WHERE user_id = ? AND occurrence_key = ?",
            (user_id, occurrence_key),
        )
        return _checkin(row) if row is not None else None

    async def forget_unsent(self, checkin_id: int) -> bool:
        """Take back a check-in whose DM was refused (consent, closed DMs, too late): it
        was never asked, so it is no gap in anyone's history."""
        changed = await self._db.execute(
            "DELETE FROM checkins WHERE id = ? AND answered_at IS NULL AND message_id IS NULL",
            (checkin_id,),
        )
        return changed == 1

    async def sent(self, checkin_id: int, channel_id: int, message_id: int) -> None:
        """Where the question went: the only message whose buttons may answer it."""
        await self._db.execute(
            "UPDATE checkins SET channel_id = ?, message_id = ? WHERE id = ?",
            (channel_id, message_id, checkin_id),
        )

    async def get(self, checkin_id: int) -> Checkin | None:
        row = await self._db.fetch_one("SELECT * FROM checkins WHERE id = ?", (checkin_id,))
        return _checkin(row) if row is not None else None

    async def answer_mood(self, checkin_id: int, user_id: int, mood: Mood, now: datetime) -> bool:
        """Record the mood once; False for someone else's check-in or one already answered."""
        return await self._answer(checkin_id, user_id, mood.value, 0, now)

    async def pass_(self, checkin_id: int, user_id: int, now: datetime) -> bool:
        """A Pass: answered, with no mood at all."""
        return await self._answer(checkin_id, user_id, None, 1, now)

    async def _answer(
        self, checkin_id: int, user_id: int, mood: str | None, passed: int, now: datetime
    ) -> bool:
        changed = await self._db.execute(
            # A Pass also ends the conversation: it asks nothing more.
            "UPDATE checkins SET mood = ?, passed = ?, answered_at = ?, "
            "finished_at = CASE WHEN ? = 1 THEN ? END "
            "WHERE id = ? AND user_id = ? AND mood IS NULL AND passed = 0",
            (mood, passed, to_db_time(now), passed, to_db_time(now), checkin_id, user_id),
        )
        return changed == 1

    async def finish(self, checkin_id: int, user_id: int, now: datetime) -> bool:
        """End the conversation once (after the note step); False if it already ended."""
        changed = await self._db.execute(
            "UPDATE checkins SET finished_at = ? "
            "WHERE id = ? AND user_id = ? AND answered_at IS NOT NULL AND finished_at IS NULL",
            (to_db_time(now), checkin_id, user_id),
        )
        return changed == 1

    async def set_wish(self, checkin_id: int, user_id: int, wish: Wish) -> bool:
        """The wish, once, and only after a mood (a Pass asks nothing more)."""
        changed = await self._db.execute(
            "UPDATE checkins SET wish = ? "
            "WHERE id = ? AND user_id = ? AND mood IS NOT NULL AND wish IS NULL",
            (wish.value, checkin_id, user_id),
        )
        return changed == 1

    async def set_note(
        self, checkin_id: int, user_id: int, note: str, retention_days: int | None
    ) -> bool:
        """The sealed note, once, expiring after the member's retention from the answer."""
        checkin = await self.get(checkin_id)
        if checkin is None or checkin.user_id != user_id or checkin.answered_at is None:
            return False
        expires = note_expires_at(checkin.answered_at, retention_days)
        changed = await self._db.execute(
            "UPDATE checkins SET note_sealed = ?, note_expires_at = ? "
            "WHERE id = ? AND user_id = ? AND mood IS NOT NULL AND note_sealed IS NULL",
            (self._vault.seal(note), to_db_time(expires), checkin_id, user_id),
        )
        return changed == 1

    async def note(self, checkin_id: int, user_id: int) -> str | None:
        """A member's own note, for their eyes only (history, /mydata)."""
        value = await self._db.fetch_value(
            "SELECT note_sealed FROM checkins WHERE id = ? AND user_id = ?",
            (checkin_id, user_id),
        )
        return self._vault.unseal(value) if value else None

    async def purge_expired_notes(self, now: datetime) -> int:
        """Forget every note past its expiry; the moods stay."""
        return await self._db.execute(
            "UPDATE checkins SET note_sealed = NULL, note_expires_at = NULL "
            "WHERE note_sealed IS NOT NULL AND note_expires_at <= ?",
            (to_db_time(now),),
        )

    async def answers_since(self, user_id: int, since: datetime) -> list[Answer]:
        """History's input: every check-in asked since then, at the member's local time
        (unanswered and passed ones with no mood)."""
        rows = await self._db.fetch_all(
            "SELECT * FROM checkins WHERE user_id = ? AND asked_at >= ? ORDER BY asked_at, id",
            (user_id, to_db_time(since)),
        )
        answers = []
        for row in rows:
            checkin = _checkin(row)
            at = (checkin.answered_at or checkin.asked_at).astimezone(checkin.zone)
            answers.append(Answer(at, checkin.mood))
        return answers

    async def moods_since(self, user_id: int, since: datetime) -> list[tuple[Mood, datetime]]:
        """The care rule's input: moods given, and when."""
        rows = await self._db.fetch_all(
            "SELECT mood, answered_at FROM checkins "
            "WHERE user_id = ? AND mood IS NOT NULL AND answered_at >= ? ORDER BY answered_at",
            (user_id, to_db_time(since)),
        )
        return [(Mood(r["mood"]), from_db_time(r["answered_at"])) for r in rows]

    async def last_care_offered_at(self, user_id: int) -> datetime | None:
        value = await self._db.fetch_value(
            "SELECT MAX(answered_at) FROM checkins WHERE user_id = ? AND care_offered = 1",
            (user_id,),
        )
        return from_db_time(value) if value else None

    async def mark_care_offered(self, checkin_id: int) -> None:
        await self._db.execute("UPDATE checkins SET care_offered = 1 WHERE id = ?", (checkin_id,))


def _checkin(row: Row) -> Checkin:
    answered = row["answered_at"]
    return Checkin(
        id=int(row["id"]),
        user_id=int(row["user_id"]),
        zone=ZoneInfo(row["timezone"]),
        asked_at=from_db_time(row["asked_at"]),
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        mood=Mood(row["mood"]) if row["mood"] else None,
        passed=bool(row["passed"]),
        wish=Wish(row["wish"]) if row["wish"] else None,
        has_note=row["note_sealed"] is not None,
        answered_at=from_db_time(answered) if answered else None,
        occurrence_key=row["occurrence_key"],
        finished_at=from_db_time(row["finished_at"]) if row["finished_at"] else None,
    )
