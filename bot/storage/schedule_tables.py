"""The shape every feature's per-channel schedule table shares, and the reading and writing
that goes with it.

A feature that posts in channels on a schedule keeps one row per channel in a table of its
own with at least these columns: ``channel_id`` (the key), ``guild_id``, ``at`` ('HH:MM'
local), ``timezone`` (an IANA name), ``weekdays`` ('0,2,4', 0 = Monday), ``paused`` (0 or
1), ``active_since`` and ``updated_at`` (UTC). The feature adds its own columns and fields
(its dataclass extends :class:`ChannelSchedule`) and says whether saving again replaces a
channel's schedule or is refused; reading and writing the shared columns, the lookups,
pausing and deleting are the same for every feature, so they live here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, ClassVar, Generic, TypeVar
from zoneinfo import ZoneInfo

from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.timing.clock import Clock
from bot.timing.recurrence import Recurrence

S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class WallClock:
    """When a schedule fires: a local time on some weekdays in one zone."""

    at: time
    zone: ZoneInfo
    weekdays: frozenset[int]

    @classmethod
    def of(cls, row: Row) -> WallClock:
        return cls(
            at=time.fromisoformat(row["at"]),
            zone=ZoneInfo(row["timezone"]),
            weekdays=frozenset(int(d) for d in str(row["weekdays"]).split(",")),
        )

    def values(self) -> tuple[str, str, str]:
        """The ``at``, ``timezone`` and ``weekdays`` columns, as stored."""
        return (
            self.at.strftime("%H:%M"),
            self.zone.key,
            ",".join(str(d) for d in sorted(self.weekdays)),
        )


class ChannelSchedule:
    """What every channel schedule is to the scheduler. A feature's frozen dataclass extends
    it and declares the shared fields itself (in its own order, so its positional form is
    its own), with its own, and names its jobs with ``job_prefix``."""

    __slots__ = ()

    job_prefix: ClassVar[str]
    channel_id: int
    guild_id: int
    at: time
    zone: ZoneInfo
    weekdays: frozenset[int]
    paused: bool
    active_since: datetime

    @property
    def rule(self) -> Recurrence:
        return Recurrence(self.at, self.weekdays, self.zone)

    @property
    def job_key(self) -> str:
        return f"{self.job_prefix}:{self.channel_id}"


SHARED_COLUMNS = (
    "channel_id",
    "guild_id",
    "at",
    "timezone",
    "weekdays",
    "paused",
    "active_since",
    "updated_at",
)


class ScheduleTable(Generic[S]):
    """A feature's schedule store: names its ``table`` and reads a row with ``_read``."""

    table: ClassVar[str]

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def _read(self, row: Row) -> S:
        raise NotImplementedError

    @staticmethod
    def _shared(row: Row) -> dict[str, Any]:
        """A row's shared columns as :class:`ChannelSchedule`'s fields, for a feature's
        ``_read`` to pass on with its own: ``Feature(**self._shared(row), extra=...)``."""
        when = WallClock.of(row)
        return {
            "channel_id": int(row["channel_id"]),
            "guild_id": int(row["guild_id"]),
            "at": when.at,
            "zone": when.zone,
            "weekdays": when.weekdays,
            "paused": bool(row["paused"]),
            "active_since": from_db_time(row["active_since"]),
        }

    async def _write(
        self, schedule: ChannelSchedule, own: Mapping[str, object], *, replace: bool
    ) -> bool:
        """Save a channel's schedule with the feature's ``own`` columns (fixed names, never
        input). ``replace``: a channel's schedule is replaced (its server kept); otherwise a
        channel that has one keeps it, and False says nothing was saved. One statement, so
        two admins at once cannot both create one."""
        columns = (*SHARED_COLUMNS, *own)
        if replace:
            kept = {"channel_id", "guild_id"}
            changes = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in kept)
            conflict = f"DO UPDATE SET {changes}"
        else:
            conflict = "DO NOTHING"
        changed = await self._db.execute(
            f"INSERT INTO {self.table} ({', '.join(columns)}) "  # noqa: S608 - fixed names
            f"VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT (channel_id) {conflict}",
            (
                schedule.channel_id,
                schedule.guild_id,
                *WallClock(schedule.at, schedule.zone, schedule.weekdays).values(),
                int(schedule.paused),
                to_db_time(schedule.active_since),
                to_db_time(self._clock.now()),
                *own.values(),
            ),
        )
        return changed > 0

    async def get(self, channel_id: int) -> S | None:
        row = await self._db.fetch_one(
            f"SELECT * FROM {self.table} WHERE channel_id = ?",  # noqa: S608 - a fixed name
            (channel_id,),
        )
        return self._read(row) if row else None

    async def all(self, guild_id: int | None = None) -> list[S]:
        """Every schedule (of one server, if given), by channel."""
        if guild_id is None:
            rows = await self._db.fetch_all(
                f"SELECT * FROM {self.table} ORDER BY channel_id"  # noqa: S608 - a fixed name
            )
        else:
            rows = await self._db.fetch_all(
                f"SELECT * FROM {self.table} WHERE guild_id = ? ORDER BY channel_id",  # noqa: S608
                (guild_id,),
            )
        return [self._read(r) for r in rows]

    async def set_paused(self, channel_id: int, paused: bool, active_since: datetime) -> bool:
        """Pause or resume; ``active_since`` is when missed occurrences stop counting."""
        changed = await self._db.execute(
            f"UPDATE {self.table} SET paused = ?, active_since = ?, updated_at = ? "  # noqa: S608
            "WHERE channel_id = ?",
            (int(paused), to_db_time(active_since), to_db_time(self._clock.now()), channel_id),
        )
        return changed > 0

    async def delete(self, channel_id: int) -> bool:
        changed = await self._db.execute(
            f"DELETE FROM {self.table} WHERE channel_id = ?",  # noqa: S608 - a fixed name
            (channel_id,),
        )
        return changed > 0
