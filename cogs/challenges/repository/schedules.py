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

from bot.storage.database import Row, from_db_time, to_db_time
from bot.storage.schedule_tables import ScheduleTable, WallClock
from bot.timing.recurrence import Recurrence

EVERY_DAY = frozenset(range(7))


@dataclass(frozen=True, slots=True)
class ChallengeSchedule:
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
    def rule(self) -> Recurrence:
        return Recurrence(self.at, self.weekdays, self.zone)

    @property
    def daily(self) -> bool:
        return self.weekdays == EVERY_DAY

    @property
    def job_key(self) -> str:
        return f"challenges:{self.channel_id}"


class ChallengeScheduleStore(ScheduleTable[ChallengeSchedule]):
    table = "challenge_schedules"

    def _read(self, row: Row) -> ChallengeSchedule:
        when = WallClock.of(row)
        return ChallengeSchedule(
            channel_id=int(row["channel_id"]),
            guild_id=int(row["guild_id"]),
            at=when.at,
            zone=when.zone,
            weekdays=when.weekdays,
            kinds=frozenset(str(row["kinds"]).split(",")),
            ping_role_id=row["ping_role_id"],
            paused=bool(row["paused"]),
            active_since=from_db_time(row["active_since"]),
        )

    async def create(self, schedule: ChallengeSchedule) -> bool:
        """Save a channel's first schedule; False (and nothing saved) if it has one."""
        changed = await self._db.execute(
            """
            INSERT INTO challenge_schedules (channel_id, guild_id, at, timezone, weekdays,
                kinds, ping_role_id, paused, active_since, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (channel_id) DO NOTHING
            """,
            (
                schedule.channel_id,
                schedule.guild_id,
                *WallClock(schedule.at, schedule.zone, schedule.weekdays).values(),
                ",".join(sorted(schedule.kinds)),
                schedule.ping_role_id,
                int(schedule.paused),
                to_db_time(schedule.active_since),
                to_db_time(self._clock.now()),
            ),
        )
        return changed > 0
