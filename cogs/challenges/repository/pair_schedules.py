"""When a server's buddy rounds happen: the ``pair_schedules`` table, one row per server.

One schedule per server (not per channel): membership is per server, so two schedules
would pair the same people twice on their own clocks. A second one is refused by the
primary key itself, so two admins saving at once cannot both succeed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.timing.clock import Clock
from bot.timing.recurrence import Recurrence


@dataclass(frozen=True, slots=True)
class PairSchedule:
    guild_id: int
    channel_id: int
    cadence: str  # one of bot.timing.cadence.CADENCES
    weekday: int  # 0 = Monday
    at: time
    zone: ZoneInfo
    anchor: date  # the local date of the first round
    active_since: datetime
    paused: bool = False

    @property
    def rule(self) -> Recurrence:
        return Recurrence(self.at, frozenset({self.weekday}), self.zone)

    @property
    def job_key(self) -> str:
        return f"pairs:{self.guild_id}"


def _schedule(row: Row) -> PairSchedule:
    return PairSchedule(
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        cadence=str(row["cadence"]),
        weekday=int(row["weekday"]),
        at=time.fromisoformat(row["at"]),
        zone=ZoneInfo(row["timezone"]),
        anchor=date.fromisoformat(row["anchor"]),
        active_since=from_db_time(row["active_since"]),
        paused=bool(row["paused"]),
    )


class PairScheduleStore:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def create(self, schedule: PairSchedule) -> bool:
        """Save a server's schedule; False (nothing saved) if it already has one."""
        changed = await self._db.execute(
            """
            INSERT INTO pair_schedules (guild_id, channel_id, cadence, weekday, at, timezone,
                anchor, active_since, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (guild_id) DO NOTHING
            """,
            (
                schedule.guild_id,
                schedule.channel_id,
                schedule.cadence,
                schedule.weekday,
                schedule.at.strftime("%H:%M"),
                schedule.zone.key,
                schedule.anchor.isoformat(),
                to_db_time(schedule.active_since),
                to_db_time(self._clock.now()),
            ),
        )
        return changed == 1

    async def get(self, guild_id: int) -> PairSchedule | None:
        row = await self._db.fetch_one(
            "SELECT * FROM pair_schedules WHERE guild_id = ?", (guild_id,)
        )
        return _schedule(row) if row else None

    async def all(self) -> list[PairSchedule]:
        rows = await self._db.fetch_all("SELECT * FROM pair_schedules ORDER BY guild_id")
        return [_schedule(r) for r in rows]

    async def set_paused(self, guild_id: int, paused: bool, active_since: datetime) -> bool:
        """Pause, or resume from ``active_since`` (rounds missed meanwhile are not made)."""
        changed = await self._db.execute(
            "UPDATE pair_schedules SET paused = ?, active_since = ?, updated_at = ? "
            "WHERE guild_id = ?",
            (int(paused), to_db_time(active_since), to_db_time(self._clock.now()), guild_id),
        )
        return changed > 0

    async def delete(self, guild_id: int) -> bool:
        changed = await self._db.execute(
            "DELETE FROM pair_schedules WHERE guild_id = ?", (guild_id,)
        )
        return changed > 0
