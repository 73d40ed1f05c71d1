"""A pause (``/boundaries pause``): held letters, not refused ones, and a pause kept in SQLite."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.privacy.boundary_rules import Boundaries, QuietHours, Refusal, judge
from bot.privacy.member_store import MemberStore
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from tests.support.keys import make_test_vault

START = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
ANA = 1001
KIND = "checkin"


def paused(days: int, **others: object) -> Boundaries:
    return Boundaries(
        ANA,
        consents=frozenset({KIND}),
        paused_from=START,
        paused_until=START + timedelta(days=days),
        **others,  # type: ignore[arg-type]
    )


def test_a_pause_covers_its_days_and_nothing_after() -> None:
    b = paused(3)
    assert b.paused_at(START)
    assert b.paused_at(START + timedelta(days=3) - timedelta(seconds=1))
    assert not b.paused_at(START + timedelta(days=3))
    assert not b.paused_at(START - timedelta(seconds=1))
    assert not Boundaries(ANA).paused_at(START)


def test_a_letter_during_a_pause_waits_for_its_end() -> None:
    verdict = judge(
        paused(3),
        kind=KIND,
        depth=None,
        topic=None,
        sent_this_week=0,
        now=START + timedelta(hours=1),
    )
    assert verdict.allowed
    assert verdict.send_at == START + timedelta(days=3)


def test_after_the_pause_a_letter_goes_at_once() -> None:
    verdict = judge(
        paused(3),
        kind=KIND,
        depth=None,
        topic=None,
        sent_this_week=0,
        now=START + timedelta(days=4),
    )
    assert verdict.allowed
    assert verdict.send_at is None


def test_a_pause_never_overrides_a_refusal() -> None:
    no_consent = Boundaries(ANA, paused_from=START, paused_until=START + timedelta(days=3))
    verdict = judge(no_consent, kind=KIND, depth=None, topic=None, sent_this_week=0, now=START)
    assert verdict.refusal is Refusal.NO_CONSENT


def test_quiet_hours_at_the_end_of_a_pause_still_hold_the_letter() -> None:
    zone = ZoneInfo("UTC")
    b = paused(1, quiet_hours=QuietHours(time(11), time(13), zone), zone=zone)
    end = START + timedelta(days=1)  # 12:00, inside quiet hours
    during = START + timedelta(hours=3)
    assert judge(b, kind=KIND, depth=None, topic=None, sent_this_week=0, now=during).send_at == (
        end + timedelta(hours=1)
    )
    assert judge(b, kind=KIND, depth=None, topic=None, sent_this_week=0, now=end).send_at == (
        end + timedelta(hours=1)
    )


@pytest.fixture
def clock() -> OffsetClock:
    return OffsetClock(START)


@pytest.fixture
def store(db: Database, clock: OffsetClock) -> MemberStore:
    return MemberStore(db, make_test_vault(), clock)


async def test_a_pause_is_stored_and_read_back(store: MemberStore, clock: OffsetClock) -> None:
    until = START + timedelta(days=5)
    await store.pause(ANA, until)
    mine = await store.get(ANA)
    assert mine.paused_until == until
    assert mine.paused_from is not None
    assert abs(mine.paused_from - START) < timedelta(minutes=1)
    assert mine.paused_at(clock.now())
    exported = await store.export_member(ANA)
    assert exported["paused_until"] == "2026-01-20T12:00:00+00:00"
    assert str(exported["paused_from"]).startswith("2026-01-15T12:0")


async def test_resume_ends_the_pause_now_and_keeps_when_it_began(
    store: MemberStore, clock: OffsetClock
) -> None:
    await store.pause(ANA, START + timedelta(days=5))
    clock.advance(timedelta(days=1))
    assert await store.resume(ANA)
    mine = await store.get(ANA)
    assert not mine.paused_at(clock.now())
    assert mine.paused_at(START + timedelta(hours=1))  # the day away is still known
    assert mine.paused_until is not None
    assert mine.paused_until <= clock.now()
    assert not await store.resume(ANA)  # nothing left to resume


async def test_resume_without_a_pause_changes_nothing(store: MemberStore, db: Database) -> None:
    assert not await store.resume(ANA)
    assert await db.fetch_one("SELECT 1 FROM member_boundaries") is None


async def test_a_pause_must_end_in_the_future(store: MemberStore) -> None:
    with pytest.raises(ValueError, match="end after"):
        await store.pause(ANA, START - timedelta(minutes=1))
    assert (await store.get(ANA)).paused_until is None


async def test_deleting_a_member_removes_their_pause(store: MemberStore) -> None:
    await store.pause(ANA, START + timedelta(days=5))
    await store.delete_member(ANA)
    assert (await store.get(ANA)).paused_until is None


async def test_two_resumes_at_once_end_the_pause_once(store: MemberStore) -> None:
    await store.pause(ANA, START + timedelta(days=5))
    results = await asyncio.gather(store.resume(ANA), store.resume(ANA))
    assert sorted(results) == [False, True]
