"""When each channel gets its daily question: the ``question_schedules`` table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.timing.clock import Clock
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


def _schedule(row: Row) -> Schedule:
    return Schedule(
        channel_id=int(row["channel_id"]),
        guild_id=int(row["guild_id"]),
        at=time.fromisoformat(row["at"]),
        zone=ZoneInfo(row["timezone"]),
        weekdays=frozenset(int(d) for d in str(row["weekdays"]).split(",")),
        ping_role_id=row["ping_role_id"],
        fixed_depth=row["fixed_depth"],
        paused=bool(row["paused"]),
        active_since=from_db_time(row["active_since"]),
    )


class ScheduleStore:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

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
                schedule.at.strftime("%H:%M"),
                schedule.zone.key,
                ",".join(str(d) for d in sorted(schedule.weekdays)),
                schedule.ping_role_id,
                schedule.fixed_depth,
                int(schedule.paused),
                to_db_time(schedule.active_since),
                to_db_time(self._clock.now()),
            ),
        )

    async def get(self, channel_id: int) -> Schedule | None:
        row = await self._db.fetch_one(
            "SELECT * FROM question_schedules WHERE channel_id = ?", (channel_id,)
        )
        return _schedule(row) if row else None

    async def all(self, guild_id: int | None = None) -> list[Schedule]:
        """Every schedule (of one server, if given), by channel."""
        if guild_id is None:
            rows = await self._db.fetch_all("SELECT * FROM question_schedules ORDER BY channel_id")
        else:
            rows = await self._db.fetch_all(
                "SELECT * FROM question_schedules WHERE guild_id = ? ORDER BY channel_id",
                (guild_id,),
            )
        return [_schedule(r) for r in rows]

    async def set_paused(self, channel_id: int, paused: bool, active_since: datetime) -> None:
        await self._db.execute(
            "UPDATE question_schedules SET paused = ?, active_since = ?, updated_at = ? "
            "WHERE channel_id = ?",
            (int(paused), to_db_time(active_since), to_db_time(self._clock.now()), channel_id),
        )

    async def delete(self, channel_id: int) -> bool:
        changed = await self._db.execute(
            "DELETE FROM question_schedules WHERE channel_id = ?", (channel_id,)
        )
        return changed > 0
