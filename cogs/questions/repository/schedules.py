"""When each channel gets its daily question: the ``question_schedules`` table (its shape,
lookups, pausing and deleting are the core's :mod:`bot.storage.schedule_tables`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.storage.database import Row
from bot.storage.schedule_tables import ChannelSchedule, ScheduleTable


@dataclass(frozen=True, slots=True)
class Schedule(ChannelSchedule):
    job_prefix = "questions"

    channel_id: int
    guild_id: int
    at: time
    zone: ZoneInfo
    weekdays: frozenset[int]
    ping_role_id: int | None
    fixed_depth: int | None
    paused: bool
    active_since: datetime


class ScheduleStore(ScheduleTable[Schedule]):
    table = "question_schedules"

    def _read(self, row: Row) -> Schedule:
        return Schedule(
            **self._shared(row), ping_role_id=row["ping_role_id"], fixed_depth=row["fixed_depth"]
        )

    async def save(self, schedule: Schedule) -> None:
        """Create the channel's schedule, or replace the one it has."""
        own = {"ping_role_id": schedule.ping_role_id, "fixed_depth": schedule.fixed_depth}
        await self._write(schedule, own, replace=True)
