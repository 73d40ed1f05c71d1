"""The shape every feature's per-channel schedule table shares, and the reading and writing
that goes with it.

A feature that posts in channels on a schedule keeps one row per channel in a table of its
own with at least these columns: ``channel_id`` (the key), ``guild_id``, ``at`` ('HH:MM'
local), ``timezone`` (an IANA name), ``weekdays`` ('0,2,4', 0 = Monday), ``paused`` (0 or
1), ``active_since`` and ``updated_at`` (UTC). The feature adds its own columns, writes its
rows (its rules for a second schedule are its own) and turns a row into its dataclass; the
lookups, pausing and deleting are the same for every feature, so they live here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import ClassVar, Generic, TypeVar
from zoneinfo import ZoneInfo

from bot.storage.database import Database, Row, to_db_time
from bot.timing.clock import Clock

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


class ScheduleTable(Generic[S]):
    """A feature's schedule store: names its ``table`` and reads a row with ``_read``."""

    table: ClassVar[str]

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def _read(self, row: Row) -> S:
        raise NotImplementedError

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
