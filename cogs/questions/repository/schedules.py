"""When each channel gets its daily question: the ``question_schedules`` table (its shape,
lookups, pausing and deleting are the core's :mod:`bot.storage.schedule_tables`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.storage.database import Row, from_db_time, to_db_time
from bot.storage.schedule_tables import ScheduleTable, WallClock
from bot.timing.recurrence import Recurrence


@dataclass(frozen=True, slots=True)
class Schedule:
    channel_id: int
    guild_id: int
    at: time
    zone: ZoneInfo
    weekdays: frozenset[int]
    ping_role_id: int | None
    fixed_depth: int | None
    paused: bool
    active_since: datetime

    @property
    def rule(self) -> Recurrence:
        return Recurrence(self.at, self.weekdays, self.zone)

    @property
    def job_key(self) -> str:
        return f"questions:{self.channel_id}"


class ScheduleStore(ScheduleTable[Schedule]):
    table = "question_schedules"

    def _read(self, row: Row) -> Schedule:
        when = WallClock.of(row)
        return Schedule(
            channel_id=int(row["channel_id"]),
            guild_id=int(row["guild_id"]),
            at=when.at,
            zone=when.zone,
            weekdays=when.weekdays,
            ping_role_id=row["ping_role_id"],
            fixed_depth=row["fixed_depth"],
            paused=bool(row["paused"]),
            active_since=from_db_time(row["active_since"]),
        )

    async def save(self, schedule: Schedule) -> None:
        """Create the channel's schedule, or replace the one it has."""
        await self._db.execute(
            """
            INSERT INTO question_schedules (channel_id, guild_id, at, timezone, weekdays,
                ping_role_id, fixed_depth, paused, active_since, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (channel_id) DO UPDATE SET
                at = excluded.at, timezone = excluded.timezone, weekdays = excluded.weekdays,
                ping_role_id = excluded.ping_role_id, fixed_depth = excluded.fixed_depth,
                paused = excluded.paused, active_since = excluded.active_since,
                updated_at = excluded.updated_at
            """,
            (
                schedule.channel_id,
                schedule.guild_id,
                *WallClock(schedule.at, schedule.zone, schedule.weekdays).values(),
                schedule.ping_role_id,
                schedule.fixed_depth,
                int(schedule.paused),
                to_db_time(schedule.active_since),
                to_db_time(self._clock.now()),
            ),
        )
