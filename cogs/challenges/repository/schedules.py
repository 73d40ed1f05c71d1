"""When each channel gets its challenge: the ``challenge_schedules`` table.

A channel has at most one schedule. Creating one where one exists changes nothing and says
so (checked and written in one statement, so two admins at once save one), because a second
schedule is an admin's mistake to be told about, not an update to make quietly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.timing.clock import Clock
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


def _schedule(row: Row) -> ChallengeSchedule:
    return ChallengeSchedule(
        channel_id=int(row["channel_id"]),
        guild_id=int(row["guild_id"]),
        at=time.fromisoformat(row["at"]),
        zone=ZoneInfo(row["timezone"]),
        weekdays=frozenset(int(d) for d in str(row["weekdays"]).split(",")),
        kinds=frozenset(str(row["kinds"]).split(",")),
        ping_role_id=row["ping_role_id"],
        paused=bool(row["paused"]),
        active_since=from_db_time(row["active_since"]),
    )


class ChallengeScheduleStore:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

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
                schedule.at.strftime("%H:%M"),
                schedule.zone.key,
                ",".join(str(d) for d in sorted(schedule.weekdays)),
                ",".join(sorted(schedule.kinds)),
                schedule.ping_role_id,
                int(schedule.paused),
                to_db_time(schedule.active_since),
                to_db_time(self._clock.now()),
            ),
        )
        return changed > 0

    async def get(self, channel_id: int) -> ChallengeSchedule | None:
        row = await self._db.fetch_one(
            "SELECT * FROM challenge_schedules WHERE channel_id = ?", (channel_id,)
        )
        return _schedule(row) if row else None

    async def all(self, guild_id: int | None = None) -> list[ChallengeSchedule]:
        """Every schedule (of one server, if given), by channel."""
        if guild_id is None:
            rows = await self._db.fetch_all("SELECT * FROM challenge_schedules ORDER BY channel_id")
        else:
            rows = await self._db.fetch_all(
                "SELECT * FROM challenge_schedules WHERE guild_id = ? ORDER BY channel_id",
                (guild_id,),
            )
        return [_schedule(r) for r in rows]

    async def set_paused(self, channel_id: int, paused: bool, active_since: datetime) -> bool:
        changed = await self._db.execute(
            "UPDATE challenge_schedules SET paused = ?, active_since = ?, updated_at = ? "
            "WHERE channel_id = ?",
            (int(paused), to_db_time(active_since), to_db_time(self._clock.now()), channel_id),
        )
        return changed > 0

    async def delete(self, channel_id: int) -> bool:
        changed = await self._db.execute(
            "DELETE FROM challenge_schedules WHERE channel_id = ?", (channel_id,)
        )
        return changed > 0
