"""Each member's schedule against a real SQLite file: one per member, next fire kept, a
pause with days moving the cursor, resume catching nothing up, and what the source asks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.storage.database import Database
from cogs.checkins.repository.schedules import (
    CheckinSchedule,
    CheckinScheduleStore,
    Move,
    key_of,
    user_of,
)

ANA, BEN = 1001, 1002
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)  # a Monday, 13:00 in London
DAILY = frozenset(range(7))


@pytest.fixture
def store(checkin_db: Database) -> CheckinScheduleStore:
    return CheckinScheduleStore(checkin_db)


def nightly(**changes: object) -> CheckinSchedule:
    return replace(CheckinSchedule(ANA, time(21), LONDON, DAILY), **changes)  # type: ignore[arg-type]


async def test_a_saved_schedule_reads_back_and_is_next_due_at_its_local_time(
    store: CheckinScheduleStore,
) -> None:
    await store.save(nightly(retention_days=30), NOW)
    assert await store.get(ANA) == nightly(retention_days=30)
    assert await store.next_due_at() == datetime(2026, 6, 1, 20, tzinfo=UTC)
    due = await store.due_by(NOW + timedelta(hours=8), 10)
    assert [d.schedule.job_key for d in due] == [key_of(ANA)]
    assert due[0].since == NOW


async def test_saving_again_replaces_the_members_one_schedule(store: CheckinScheduleStore) -> None:
    await store.save(nightly(), NOW)
    await store.save(nightly(at=time(8), weekdays=frozenset({0})), NOW + timedelta(hours=1))
    saved = await store.get(ANA)
    assert saved is not None
    assert saved.at == time(8)
    assert saved.weekdays == frozenset({0})
    assert await store.next_due_at() == datetime(2026, 6, 8, 7, tzinfo=UTC)


async def test_a_pause_without_days_stops_it_until_resumed_and_nothing_is_caught_up(
    store: CheckinScheduleStore,
) -> None:
    await store.save(nightly(), NOW)
    assert await store.pause(ANA, NOW, None)
    assert await store.next_due_at() is None
    assert await store.active(ANA) is None
    later = NOW + timedelta(days=3)
    assert await store.resume(ANA, later)
    assert await store.next_due_at() == datetime(2026, 6, 4, 20, tzinfo=UTC)
    assert await store.due_by(later, 10) == [], "the three paused days are not caught up"
    resumed = await store.active(ANA)
    assert resumed is not None
    assert resumed.since == later


async def test_a_pause_for_days_fires_nothing_until_it_ends(store: CheckinScheduleStore) -> None:
    await store.save(nightly(), NOW)
    until = NOW + timedelta(days=5)
    assert await store.pause(ANA, NOW, until)
    saved = await store.get(ANA)
    assert saved is not None
    assert saved.paused_until == until
    assert await store.next_due_at() == datetime(2026, 6, 6, 20, tzinfo=UTC)
    assert await store.due_by(until, 10) == []


async def test_pausing_resuming_or_stopping_without_a_schedule_says_so(
    store: CheckinScheduleStore,
) -> None:
    assert not await store.pause(BEN, NOW, None)
    assert not await store.resume(BEN, NOW)
    assert not await store.delete(BEN)


async def test_an_advance_applies_only_while_the_cursor_is_the_one_read(
    store: CheckinScheduleStore,
) -> None:
    await store.save(nightly(), NOW)
    fire_at = datetime(2026, 6, 1, 20, tzinfo=UTC)
    stale = Move(ANA, NOW - timedelta(days=1), fire_at, fire_at + timedelta(days=1))
    await store.advance([stale])
    assert await store.next_due_at() == fire_at
    await store.advance([Move(ANA, NOW, fire_at, fire_at + timedelta(days=1))])
    assert await store.next_due_at() == fire_at + timedelta(days=1)


async def test_refused_dms_pause_the_schedule(store: CheckinScheduleStore) -> None:
    await store.save(nightly(), NOW)
    await store.refused(ANA)
    saved = await store.get(ANA)
    assert saved is not None
    assert saved.paused
    assert await store.next_due_at() is None


def test_a_job_key_names_the_member_and_reads_back() -> None:
    assert key_of(ANA) == "checkin:1001"
    assert user_of(key_of(ANA)) == ANA
