"""The probe's per-member daily reminder DM, written the way a real feature writes one:
its schedules in its own table, served to the engine as one recurring source, each
occurrence sent as a letter through the delivery service (consent and quiet hours apply)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.app.client import Kindred
from bot.outbound.letters import Letter
from bot.outbound.pacer import TargetUnavailable
from bot.outbound.recurring_sources import Advance, SourceSchedule, first_fire_at
from bot.outbound.scheduler import Fire
from bot.storage.database import Row, from_db_time, to_db_time
from bot.timing.recurrence import Recurrence

NAME = "probe-reminder"
KIND = "probe"
DAILY = frozenset(range(7))


def key_of(user_id: int) -> str:
    return f"{NAME}:{user_id}"


def user_of(job_key: str) -> int:
    return int(job_key.removeprefix(f"{NAME}:"))


class ProbeReminders:
    """A RecurringSource over ``probe_reminders``."""

    name = NAME
    what = "probe reminders"

    def __init__(self, bot: Kindred) -> None:
        self._bot = bot
        self._db = bot.db

    async def set(self, user_id: int, at: time, zone: ZoneInfo) -> datetime:
        """Start or change a member's reminder now; returns when it first fires."""
        now = self._bot.clock.now()
        first = first_fire_at(Recurrence(at, DAILY, zone), now)
        await self._db.execute(
            """
            INSERT INTO probe_reminders (user_id, at, zone, since, next_fire_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET at = excluded.at, zone = excluded.zone,
                since = excluded.since, next_fire_at = excluded.next_fire_at, paused = 0
            """,
            (user_id, at.strftime("%H:%M"), zone.key, to_db_time(now), to_db_time(first)),
        )
        self._bot.scheduler.source_changed(NAME)
        return first

    async def forget(self, user_id: int) -> None:
        await self._db.execute("DELETE FROM probe_reminders WHERE user_id = ?", (user_id,))

    # -- the RecurringSource protocol -------------------------------------------------

    async def due_by(self, until: datetime, limit: int) -> Sequence[SourceSchedule]:
        rows = await self._db.fetch_all(
            "SELECT * FROM probe_reminders WHERE paused = 0 AND next_fire_at <= ? "
            "ORDER BY next_fire_at LIMIT ?",
            (to_db_time(until), limit),
        )
        return [self._schedule(row) for row in rows]

    async def next_due_at(self) -> datetime | None:
        value = await self._db.fetch_value(
            "SELECT MIN(next_fire_at) FROM probe_reminders WHERE paused = 0"
        )
        return from_db_time(value) if value else None

    async def schedule(self, job_key: str) -> SourceSchedule | None:
        row = await self._db.fetch_one(
            "SELECT * FROM probe_reminders WHERE user_id = ? AND paused = 0",
            (user_of(job_key),),
        )
        return self._schedule(row) if row is not None else None

    async def advance(self, moves: Sequence[Advance]) -> None:
        await self._db.execute_many(
            "UPDATE probe_reminders SET since = ?, next_fire_at = ? "
            "WHERE user_id = ? AND since = ?",
            [
                (
                    to_db_time(m.since),
                    to_db_time(m.next_fire_at),
                    user_of(m.job_key),
                    to_db_time(m.read_since),
                )
                for m in moves
            ],
        )

    async def fire(self, fire: Fire) -> None:
        await self._bot.delivery.send(
            Letter(
                user_of(fire.job_key),
                KIND,
                content=f"Your probe reminder for {fire.occurrence.key}",
                dedupe_key=fire.nonce,
            )
        )

    async def unavailable(self, job_key: str, exc: TargetUnavailable) -> None:
        await self._db.execute(
            "UPDATE probe_reminders SET paused = 1 WHERE user_id = ?", (user_of(job_key),)
        )

    @staticmethod
    def _schedule(row: Row) -> SourceSchedule:
        rule = Recurrence(time.fromisoformat(row["at"]), DAILY, ZoneInfo(row["zone"]))
        return SourceSchedule(key_of(int(row["user_id"])), rule, from_db_time(row["since"]))
