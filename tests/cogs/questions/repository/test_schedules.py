"""Schedules against a real SQLite file."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from cogs.questions.repository.schedules import Schedule
from tests.cogs.questions.repository.stores import CHANNEL, GUILD, START, Stores


async def test_schedules_round_trip(stores: Stores) -> None:
    store = stores.schedules
    schedule = Schedule(
        CHANNEL, GUILD, time(9), ZoneInfo("Europe/London"), frozenset({0, 2}), 5, None, False, START
    )
    await store.save(schedule)
    assert await store.get(CHANNEL) == schedule
    await store.set_paused(CHANNEL, True, START)
    assert (await store.get(CHANNEL)).paused  # type: ignore[union-attr]
    assert [s.channel_id for s in await store.all(GUILD)] == [CHANNEL]
    assert await store.delete(CHANNEL) and await store.get(CHANNEL) is None
