"""The shared schedule-table shape against a real SQLite file, with a table of a made-up
feature: stored times read back the same, lookups by channel and server, pause and delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.storage.schedule_tables import ScheduleTable, WallClock
from bot.timing.clock import OffsetClock

START = datetime(2026, 6, 2, 8, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass(frozen=True)
class Demo:
    channel_id: int
    guild_id: int
    when: WallClock
    paused: bool
    active_since: datetime


class DemoTable(ScheduleTable[Demo]):
    table = "demo_schedules"

    def _read(self, row: Row) -> Demo:
        return Demo(
            int(row["channel_id"]),
            int(row["guild_id"]),
            WallClock.of(row),
            bool(row["paused"]),
            from_db_time(row["active_since"]),
        )

    async def add(self, channel_id: int, guild_id: int, when: WallClock) -> None:
        await self._db.execute(
            "INSERT INTO demo_schedules VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
            (channel_id, guild_id, *when.values(), to_db_time(START), to_db_time(START)),
        )


@pytest.fixture
async def demo(db: Database) -> DemoTable:
    await db.execute(
        "CREATE TABLE demo_schedules (channel_id INTEGER PRIMARY KEY, guild_id INTEGER, "
        "at TEXT, timezone TEXT, weekdays TEXT, paused INTEGER, active_since TEXT, "
        "updated_at TEXT)"
    )
    return DemoTable(db, OffsetClock(START))


async def test_a_wall_clock_is_stored_readably_and_read_back_the_same(demo: DemoTable) -> None:
    when = WallClock(time(7, 5), TOKYO, frozenset({4, 0, 2}))
    assert when.values() == ("07:05", "Asia/Tokyo", "0,2,4")
    await demo.add(1, 10, when)
    saved = await demo.get(1)
    assert saved is not None and saved.when == when and not saved.paused
    assert await demo.get(2) is None


async def test_lookups_pause_and_delete_touch_only_their_channel(demo: DemoTable) -> None:
    when = WallClock(time(9), TOKYO, frozenset(range(7)))
    for channel, guild in ((3, 10), (1, 10), (2, 11)):
        await demo.add(channel, guild, when)
    assert [s.channel_id for s in await demo.all(10)] == [1, 3]
    assert [s.channel_id for s in await demo.all()] == [1, 2, 3]
    later = START + timedelta(hours=5)
    assert await demo.set_paused(1, True, later)
    paused = await demo.get(1)
    assert paused is not None and paused.paused and paused.active_since == later
    other = await demo.get(3)
    assert other is not None and not other.paused, "the other channel is untouched"
    assert await demo.delete(1) and not await demo.delete(1)
    assert not await demo.set_paused(1, False, START), "nothing left to resume"
    assert [s.channel_id for s in await demo.all()] == [2, 3]
