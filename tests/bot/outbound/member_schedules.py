"""A per-member daily schedule table as a recurring source: the shape check-ins will have.

Used by the engine's tests and by ``benchmarks/member_schedules.py``. Its SQL is what a
feature's repository would hold: one row per member with an indexed next-fire column, and
write-backs that apply only while the row's cursor is still the one the engine read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.outbound.exactly_once import Fire
from bot.outbound.pacer import TargetUnavailable
from bot.outbound.recurring_sources import Advance, SourceSchedule, first_fire_at
from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.timing.recurrence import Recurrence

NAME = "checkin"
DAILY = frozenset(range(7))

SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS member_checkins (
        user_id      INTEGER PRIMARY KEY,
        at           TEXT    NOT NULL,  -- 'HH:MM', the member's wall clock
        zone         TEXT    NOT NULL,  -- IANA name
        since        TEXT    NOT NULL,  -- occurrences at or before it are done with
        next_fire_at TEXT    NOT NULL,
        paused       INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX IF NOT EXISTS member_checkins_due ON member_checkins (paused, next_fire_at)",
)


def key_of(user_id: int) -> str:
    return f"{NAME}:{user_id}"


def user_of(job_key: str) -> int:
    return int(job_key.removeprefix(f"{NAME}:"))


@dataclass
class MemberCheckins:
    """Daily check-ins, one row per member; ``on_fire`` stands for the feature's handler."""

    db: Database
    on_fire: Callable[[Fire], Awaitable[None]]
    name: str = NAME
    what: str = "check-ins"
    refused: list[tuple[str, int]] = field(default_factory=list)

    async def create_table(self) -> None:
        for statement in SCHEMA:
            await self.db.execute(statement)

    async def add_members(
        self, members: Iterable[tuple[int, ZoneInfo, time]], now: datetime
    ) -> None:
        """Members start (or change) their check-ins at ``now``: nothing before is caught up."""
        rows = []
        for user_id, zone, at in members:
            rule = Recurrence(at, DAILY, zone)
            rows.append(
                (
                    user_id,
                    at.strftime("%H:%M"),
                    zone.key,
                    to_db_time(now),
                    to_db_time(first_fire_at(rule, now)),
                )
            )
        await self.db.execute_many(
            """
            INSERT INTO member_checkins (user_id, at, zone, since, next_fire_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET
                at = excluded.at, zone = excluded.zone, since = excluded.since,
                next_fire_at = excluded.next_fire_at, paused = 0
            """,
            rows,
        )

    # -- the RecurringSource protocol -----------------------------------------------------

    async def due_by(self, until: datetime, limit: int) -> Sequence[SourceSchedule]:
        rows = await self.db.fetch_all(
            "SELECT * FROM member_checkins WHERE paused = 0 AND next_fire_at <= ? "
            "ORDER BY next_fire_at LIMIT ?",
            (to_db_time(until), limit),
        )
        return [self._schedule(row) for row in rows]

    async def next_due_at(self) -> datetime | None:
        value = await self.db.fetch_value(
            "SELECT MIN(next_fire_at) FROM member_checkins WHERE paused = 0"
        )
        return from_db_time(value) if value else None

    async def schedule(self, job_key: str) -> SourceSchedule | None:
        row = await self.db.fetch_one(
            "SELECT * FROM member_checkins WHERE user_id = ? AND paused = 0",
            (user_of(job_key),),
        )
        return self._schedule(row) if row is not None else None

    async def advance(self, moves: Sequence[Advance]) -> None:
        await self.db.execute_many(
            "UPDATE member_checkins SET since = ?, next_fire_at = ? "
            "WHERE user_id = ? AND since = ?",
            [
                (
                    to_db_time(move.since),
                    to_db_time(move.next_fire_at),
                    user_of(move.job_key),
                    to_db_time(move.read_since),
                )
                for move in moves
            ],
        )

    async def fire(self, fire: Fire) -> None:
        await self.on_fire(fire)

    async def unavailable(self, job_key: str, exc: TargetUnavailable) -> None:
        self.refused.append((job_key, exc.status))
        await self.db.execute(
            "UPDATE member_checkins SET paused = 1 WHERE user_id = ?", (user_of(job_key),)
        )

    @staticmethod
    def _schedule(row: Row) -> SourceSchedule:
        rule = Recurrence(time.fromisoformat(row["at"]), DAILY, ZoneInfo(row["zone"]))
        return SourceSchedule(key_of(int(row["user_id"])), rule, from_db_time(row["since"]))
