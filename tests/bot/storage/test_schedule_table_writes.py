"""Saving a made-up feature's channel schedule through the shared table code: its own columns
beside the shared ones, a second save either refused or replacing the first, and the
shared fields read back into its dataclass with its rule and job key."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.storage.database import Database, Row
from bot.storage.schedule_tables import SHARED_COLUMNS, ChannelSchedule, ScheduleTable
from bot.timing.clock import OffsetClock
from bot.timing.recurrence import Recurrence

START = datetime(2026, 6, 2, 8, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass(frozen=True, slots=True)
class Demo(ChannelSchedule):
    job_prefix = "demo"

    colour: str
    channel_id: int
    guild_id: int
    at: time
    zone: ZoneInfo
    weekdays: frozenset[int]
    paused: bool
    active_since: datetime


class DemoTable(ScheduleTable[Demo]):
    table = "demo_schedules"

    def _read(self, row: Row) -> Demo:
        return Demo(**self._shared(row), colour=str(row["colour"]))

    async def create(self, schedule: Demo) -> bool:
        return await self._write(schedule, {"colour": schedule.colour}, replace=False)

    async def save(self, schedule: Demo) -> bool:
        return await self._write(schedule, {"colour": schedule.colour}, replace=True)


@pytest.fixture
async def demo(db: Database) -> DemoTable:
    columns = ", ".join((*SHARED_COLUMNS, "colour"))  # the shared shape, as documented
    await db.execute(f"CREATE TABLE demo_schedules ({columns}, PRIMARY KEY (channel_id))")
    return DemoTable(db, OffsetClock(START))


def schedule(**changes: object) -> Demo:
    base = Demo("teal", 1, 10, time(7, 5), TOKYO, frozenset({0, 2}), False, START)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_the_rule_and_job_key_come_from_the_shared_fields() -> None:
    assert schedule().rule == Recurrence(time(7, 5), frozenset({0, 2}), TOKYO)
    assert schedule(channel_id=42).job_key == "demo:42"


async def test_a_saved_schedule_reads_back_the_same(demo: DemoTable) -> None:
    assert await demo.create(schedule())
    assert await demo.get(1) == schedule()


async def test_creating_again_is_refused_and_changes_nothing(demo: DemoTable) -> None:
    assert await demo.create(schedule())
    assert not await demo.create(schedule(colour="red", at=time(9), guild_id=11))
    assert await demo.get(1) == schedule()


async def test_saving_again_replaces_all_but_the_server(demo: DemoTable) -> None:
    assert await demo.save(schedule())
    later = START + timedelta(days=1)
    changed = schedule(colour="red", at=time(9), paused=True, active_since=later)
    assert await demo.save(dataclasses.replace(changed, guild_id=11))
    assert await demo.get(1) == changed, "every column replaced, the channel's server kept"
    assert [s.channel_id for s in await demo.all(10)] == [1]
