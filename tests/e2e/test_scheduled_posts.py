"""Scheduled posts end to end: exactly one message per occurrence, through restarts."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.outbound.scheduler import occurrence_nonce
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from bot.timing.recurrence import Recurrence
from tests.e2e.harness import World, assert_clean, notice_after, running_kindred
from tests.e2e.probes.probe.cog import ProbeSchedule

PARIS = ZoneInfo("Europe/Paris")
NINE = time(9, 0)
DAY = datetime(2026, 6, 2, tzinfo=UTC).date()
MESSAGES = "/channels/{channel_id}/messages"


def at_paris(hour: int, minute: int = 0, second: int = 0, day_offset: int = 0) -> datetime:
    day = DAY + timedelta(days=day_offset)
    return datetime.combine(day, time(hour, minute, second), PARIS).astimezone(UTC)


def probe_schedule(world: World, **overrides: object) -> ProbeSchedule:
    daily = world.fake.channel(world.guild, "daily")
    schedule = ProbeSchedule(
        guild_id=world.guild.id,
        channel_id=daily.id,
        rule=Recurrence(NINE, frozenset(range(7)), PARIS),
        active_since=at_paris(8),
    )
    for name, value in overrides.items():
        setattr(schedule, name, value)
    return schedule


def posts(world: World) -> list[str]:
    daily = world.fake.channel(world.guild, "daily")
    return [m.content for m in world.fake.messages(daily)]


async def post_once_at_nine(world: World, db_path: Path) -> OffsetClock:
    """Run Kindred across 2 June's 09:00 until its post is out; the clock, for what follows."""
    clock = OffsetClock(at_paris(9) - timedelta(seconds=1))
    daily = world.fake.channel(world.guild, "daily")
    async with running_kindred(world, db_path, clock=clock, probe_schedule=probe_schedule(world)):
        await world.fake.wait_for_message(daily, lambda m: True, timeout=10)
    return clock


async def occurrence_rows(db_path: Path) -> list[tuple[str, str]]:
    db = await Database.open(db_path)
    try:
        rows = await db.fetch_all(
            "SELECT occurrence_key, state FROM occurrences WHERE job_key LIKE 'probe:%' ORDER BY 1"
        )
    finally:
        await db.close()
    return [(r[0], r[1]) for r in rows]


async def test_a_schedule_a_few_seconds_ahead_posts_exactly_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = OffsetClock(at_paris(9) - timedelta(seconds=2))
    schedule = probe_schedule(world)
    daily = world.fake.channel(world.guild, "daily")
    async with running_kindred(world, db_path, clock=clock, probe_schedule=schedule) as bot:
        assert posts(world) == []
        await world.fake.wait_for_message(daily, lambda m: True, timeout=10)
        await asyncio.sleep(1.0)  # would a second post follow?
        assert posts(world) == ["Probe post for 2026-06-02"]
        assert bot.scheduler.next_fire_time(schedule.job_key) == at_paris(9, day_offset=1)
        [sent] = world.fake.find_requests(method="POST", route=MESSAGES)
        assert sent.body["nonce"] == occurrence_nonce(schedule.job_key, "2026-06-02")
        assert sent.body["allowed_mentions"] == {"parse": []}, "never pings by default"
    assert await occurrence_rows(db_path) == [("2026-06-02", "sent")]
    assert_clean(world.fake, caplog)


async def test_a_restart_after_the_post_does_not_post_again(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = await post_once_at_nine(world, db_path)
    clock.advance(timedelta(minutes=5))
    schedule = probe_schedule(world)
    async with running_kindred(world, db_path, clock=clock, probe_schedule=schedule) as bot:
        await asyncio.sleep(0.5)
        assert bot.scheduler.next_fire_time(schedule.job_key) == at_paris(9, day_offset=1)
    assert schedule.fired == []
    assert posts(world) == ["Probe post for 2026-06-02"]
    assert_clean(world.fake, caplog)


async def test_a_post_missed_while_down_goes_out_late_the_same_day(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = OffsetClock(at_paris(15, 30))
    schedule = probe_schedule(world)
    async with running_kindred(world, db_path, clock=clock, probe_schedule=schedule):
        daily = world.fake.channel(world.guild, "daily")
        await world.fake.wait_for_message(daily, lambda m: True, timeout=10)
        await asyncio.sleep(0.5)
    assert [f.late for f in schedule.fired] == [True]
    assert posts(world) == ["Probe post for 2026-06-02"]
    assert "posting probe:" in caplog.text and "late: it was missed" in caplog.text
    assert_clean(world.fake, caplog)


async def test_a_post_missed_on_an_earlier_day_is_skipped(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = OffsetClock(at_paris(8, day_offset=1))  # the next morning, before 09:00
    schedule = probe_schedule(world)
    async with running_kindred(world, db_path, clock=clock, probe_schedule=schedule):
        await asyncio.sleep(0.5)
    assert posts(world) == []
    assert await occurrence_rows(db_path) == [("2026-06-02", "skipped")]
    assert "missed while down" in caplog.text
    assert_clean(world.fake, caplog)


async def test_killed_between_send_and_record_the_restart_posts_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = await post_once_at_nine(world, db_path)
    # Put the database exactly where a kill -9 after Discord's answer, before the record,
    # leaves it: the occurrence claimed by a process that no longer exists.
    db = await Database.open(db_path)
    await db.execute(
        "UPDATE occurrences SET state = 'claimed', owner = 'dead', lease_until = ?",
        ((clock.now() + timedelta(minutes=2)).isoformat(timespec="seconds"),),
    )
    await db.close()

    clock.advance(timedelta(minutes=3))  # the dead process's lease has run out
    schedule = probe_schedule(world)
    async with running_kindred(world, db_path, clock=clock, probe_schedule=schedule):
        await world.fake.wait_until(lambda: len(schedule.fired) >= 1, 10, "the retry")
        await asyncio.sleep(0.5)
    creates = world.fake.find_requests(method="POST", route=MESSAGES)
    assert len(creates) == 2, "the restarted bot did send again…"
    assert creates[0].body["nonce"] == creates[1].body["nonce"]
    assert posts(world) == ["Probe post for 2026-06-02"], "…and Discord kept it to one post"
    assert await occurrence_rows(db_path) == [("2026-06-02", "sent")]
    assert_clean(world.fake, caplog)


async def test_a_failure_after_sending_is_retried_without_a_second_post(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = OffsetClock(at_paris(9) - timedelta(seconds=1))
    schedule = probe_schedule(world, fail_after_send=1)
    async with running_kindred(world, db_path, clock=clock, probe_schedule=schedule) as bot:
        await world.fake.wait_until(lambda: len(schedule.fired) >= 1, 10, "the first try")
        await asyncio.sleep(0.3)
        assert await occurrence_rows(db_path) == [("2026-06-02", "claimed")]
        clock.advance(timedelta(seconds=31))
        await bot.scheduler.sweep()
        assert len(schedule.fired) == 2
    assert posts(world) == ["Probe post for 2026-06-02"]
    assert await occurrence_rows(db_path) == [("2026-06-02", "sent")]
    retries = [r for r in caplog.records if "will retry" in r.getMessage()]
    assert len(retries) == 1 and retries[0].levelno == logging.WARNING
    assert world.fake.validation_errors == []


async def test_a_channel_that_refuses_pauses_its_schedule_and_tells_an_admin(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    daily = fake.channel(world.guild, "daily")
    fake.set_bot_permissions(daily, 0)
    clock = OffsetClock(at_paris(9) - timedelta(seconds=1))
    schedule = probe_schedule(world)
    async with running_kindred(world, db_path, clock=clock, probe_schedule=schedule) as bot:
        await fake.wait_until(lambda: schedule.paused, 10, "the schedule to pause")
        assert schedule.job_key not in bot.scheduler.job_keys
        assert bot.scheduler.next_fire_time(schedule.job_key) is None
        clock.advance(timedelta(days=1))  # tomorrow's 09:00 comes and goes: no new attempt
        await bot.scheduler.sweep()
        await asyncio.sleep(0.3)
        member = await fake.slash(world.alice, world.general, "help")
        await member.response()
        admin = await fake.slash(world.admin, world.general, "help")
        await admin.response()
        notice = await notice_after(fake, admin)
        await fake.settle()
        assert [m for m in member.followups if m.content] == []
    refused = fake.find_requests(method="POST", route=MESSAGES)
    assert [r.status for r in refused] == [403]
    assert await occurrence_rows(db_path) == [("2026-06-02", "failed")]
    assert posts(world) == []
    assert f"I couldn't post in <#{daily.id}> (I'm missing permissions there)" in notice.content
    assert "paused probe posts there" in notice.content
    assert_clean(fake, caplog)


async def test_a_deleted_channel_is_named_as_gone(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(at_paris(9) - timedelta(seconds=1))
    schedule = probe_schedule(world)
    fake.delete_channel(daily)
    async with running_kindred(world, db_path, clock=clock, probe_schedule=schedule):
        await fake.wait_until(lambda: schedule.paused, 10, "the schedule to pause")
        admin = await fake.slash(world.admin, world.general, "help")
        await admin.response()
        notice = await notice_after(fake, admin)
    assert "(the channel is gone)" in notice.content
    assert_clean(fake, caplog)
