"""When each channel gets its challenge: the ``challenge_schedules`` table.

Its shape, lookups, pausing and deleting are the core's (:mod:`bot.storage.schedule_tables`).
A channel has at most one schedule. Creating one where one exists changes nothing and says
so (checked and written in one statement, so two admins at once save one), because a second
schedule is an admin's mistake to be told about, not an update to make quietly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.storage.database import Row
from bot.storage.schedule_tables import ChannelSchedule, ScheduleTable

EVERY_DAY = frozenset(range(7))


@dataclass(frozen=True, slots=True)
class ChallengeSchedule(ChannelSchedule):
    job_prefix = "challenges"

    channel_id: int
    guild_id: int
    at: time
    zone: ZoneInfo
    weekdays: frozenset[int]  # every day, or the one day of a weekly schedule
    kinds: frozenset[str]
    ping_role_id: int | None
    paused: bool
    active_since: datetime

    @property
    def daily(self) -> bool:
        return self.weekdays == EVERY_DAY


class ChallengeScheduleStore(ScheduleTable[ChallengeSchedule]):
    table = "challenge_schedules"

    def _read(self, row: Row) -> ChallengeSchedule:
        return ChallengeSchedule(
            **self._shared(row),
            kinds=frozenset(str(row["kinds"]).split(",")),
            ping_role_id=row["ping_role_id"],
        )

    async def create(self, schedule: ChallengeSchedule) -> bool:
        """Save a channel's first schedule; False (and nothing saved) if it has one."""
        own = {"kinds": ",".join(sorted(schedule.kinds)), "ping_role_id": schedule.ping_role_id}
        return await self._write(schedule, own, replace=False)
