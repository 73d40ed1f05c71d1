"""Each member's check-in schedule: one row per member with an indexed next-fire column, so
ten thousand members cost rows, not timers. The cog serves it as a recurring source
(:mod:`bot.outbound.recurring_sources`) through a thin adapter; this module stays pure of
discord, so it speaks in its own dataclasses (:class:`Due`, :class:`Move`).

A pause with a number of days moves the schedule's cursor to the day it ends instead of
keeping a timer: nothing before it fires, and nothing is caught up afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.timing.recurrence import Recurrence, first_fire_at
from cogs.checkins.retention import DEFAULT_RETENTION_DAYS

SOURCE_NAME = "checkin"


def key_of(user_id: int) -> str:
    return f"{SOURCE_NAME}:{user_id}"


def user_of(job_key: str) -> int:
    return int(job_key.removeprefix(f"{SOURCE_NAME}:"))


@dataclass(frozen=True, slots=True)
class CheckinSchedule:
    user_id: int
    at: time
    zone: ZoneInfo
    weekdays: frozenset[int]
    retention_days: int = DEFAULT_RETENTION_DAYS
    paused: bool = False
    paused_until: datetime | None = None

    @property
    def rule(self) -> Recurrence:
        return Recurrence(self.at, self.weekdays, self.zone)

    @property
    def job_key(self) -> str:
        return key_of(self.user_id)


@dataclass(frozen=True, slots=True)
class Due:
    """An active schedule and its cursor: occurrences at or before ``since`` are done with."""

    schedule: CheckinSchedule
    since: datetime


@dataclass(frozen=True, slots=True)
class Move:
    """How far a schedule has got; applied only while its cursor is still ``read_since`` (a
    member who changed their schedule meanwhile keeps the change)."""

    user_id: int
    read_since: datetime
    since: datetime
    next_fire_at: datetime


class CheckinScheduleStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def save(self, schedule: CheckinSchedule, now: datetime) -> None:
        """Start or change a member's schedule at ``now``: nothing before is caught up, and a
        pause ends (saving again is how a member starts over)."""
        at, zone, weekdays = _wall_clock(schedule)
        await self._db.execute(
            """
            INSERT INTO checkin_schedules (user_id, at, timezone, weekdays, retention_days,
                                           since, next_fire_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET
                at = excluded.at, timezone = excluded.timezone, weekdays = excluded.weekdays,
                retention_days = excluded.retention_days, since = excluded.since,
                next_fire_at = excluded.next_fire_at, paused = 0, paused_until = NULL,
                updated_at = excluded.updated_at
            """,
            (
                schedule.user_id,
                at,
                zone,
                weekdays,
                schedule.retention_days,
                to_db_time(now),
                to_db_time(first_fire_at(schedule.rule, now)),
                to_db_time(now),
                to_db_time(now),
            ),
        )

    async def get(self, user_id: int) -> CheckinSchedule | None:
        row = await self._db.fetch_one(
            "SELECT * FROM checkin_schedules WHERE user_id = ?", (user_id,)
        )
        return _schedule(row) if row is not None else None

    async def pause(self, user_id: int, now: datetime, until: datetime | None) -> bool:
        """Pause until a moment (the cursor moves there) or until resumed; False if the
        member has no schedule."""
        schedule = await self.get(user_id)
        if schedule is None:
            return False
        if until is None:
            changed = await self._db.execute(
                "UPDATE checkin_schedules SET paused = 1, paused_until = NULL, updated_at = ? "
                "WHERE user_id = ?",
                (to_db_time(now), user_id),
            )
        else:
            changed = await self._db.execute(
                "UPDATE checkin_schedules SET paused = 0, paused_until = ?, since = ?, "
                "next_fire_at = ?, updated_at = ? WHERE user_id = ?",
                (
                    to_db_time(until),
                    to_db_time(until),
                    to_db_time(first_fire_at(schedule.rule, until)),
                    to_db_time(now),
                    user_id,
                ),
            )
        return changed == 1

    async def resume(self, user_id: int, now: datetime) -> bool:
        """Resume from ``now``: what fell in the pause is not caught up."""
        schedule = await self.get(user_id)
        if schedule is None:
            return False
        await self._db.execute(
            "UPDATE checkin_schedules SET paused = 0, paused_until = NULL, since = ?, "
            "next_fire_at = ?, updated_at = ? WHERE user_id = ?",
            (
                to_db_time(now),
                to_db_time(first_fire_at(schedule.rule, now)),
                to_db_time(now),
                user_id,
            ),
        )
        return True

    async def delete(self, user_id: int) -> bool:
        return (
            await self._db.execute("DELETE FROM checkin_schedules WHERE user_id = ?", (user_id,))
            == 1
        )

    # -- what the recurring source asks -------------------------------------------------

    async def due_by(self, until: datetime, limit: int) -> list[Due]:
        rows = await self._db.fetch_all(
            "SELECT * FROM checkin_schedules WHERE paused = 0 AND next_fire_at <= ? "
            "ORDER BY next_fire_at LIMIT ?",
            (to_db_time(until), limit),
        )
        return [_due(row) for row in rows]

    async def next_due_at(self) -> datetime | None:
        value = await self._db.fetch_value(
            "SELECT MIN(next_fire_at) FROM checkin_schedules WHERE paused = 0"
        )
        return from_db_time(value) if value else None

    async def active(self, user_id: int) -> Due | None:
        row = await self._db.fetch_one(
            "SELECT * FROM checkin_schedules WHERE user_id = ? AND paused = 0", (user_id,)
        )
        return _due(row) if row is not None else None

    async def advance(self, moves: Sequence[Move]) -> None:
        await self._db.execute_many(
            "UPDATE checkin_schedules SET since = ?, next_fire_at = ? "
            "WHERE user_id = ? AND since = ?",
            [
                (
                    to_db_time(move.since),
                    to_db_time(move.next_fire_at),
                    move.user_id,
                    to_db_time(move.read_since),
                )
                for move in moves
            ],
        )

    async def refused(self, user_id: int) -> None:
        """Discord refused the member's DMs for good: stop until they start or resume."""
        await self._db.execute(
            "UPDATE checkin_schedules SET paused = 1 WHERE user_id = ?", (user_id,)
        )


def _wall_clock(schedule: CheckinSchedule) -> tuple[str, str, str]:
    return (
        schedule.at.strftime("%H:%M"),
        schedule.zone.key,
        ",".join(str(d) for d in sorted(schedule.weekdays)),
    )


def _schedule(row: Row) -> CheckinSchedule:
    until = row["paused_until"]
    return CheckinSchedule(
        user_id=int(row["user_id"]),
        at=time.fromisoformat(row["at"]),
        zone=ZoneInfo(row["timezone"]),
        weekdays=frozenset(int(d) for d in str(row["weekdays"]).split(",")),
        retention_days=int(row["retention_days"]),
        paused=bool(row["paused"]),
        paused_until=from_db_time(until) if until else None,
    )


def _due(row: Row) -> Due:
    return Due(_schedule(row), from_db_time(row["since"]))
