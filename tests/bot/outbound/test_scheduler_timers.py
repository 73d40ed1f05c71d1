"""The scheduler's timers against a real SQLite file: APScheduler fires a planned
occurrence once, clock jumps and daylight saving re-plan it, a late timer catches up, and a
stopped job leaves no timer behind."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

from bot.outbound.pacer import Target, TargetUnavailable
from bot.outbound.scheduler import Fire, RecurringJob, Scheduler, job_work
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from bot.timing.recurrence import Recurrence, resolve_local
from tests.bot.outbound.test_scheduler import (
    DAILY,
    NINE,
    PARIS,
    Channel,
    daily_job,
    paris,
    states,
)


async def test_a_target_refused_while_catching_up_leaves_no_timer_behind(db: Database) -> None:
    """Started after 09:00, the late post is refused: the job is stopped, and no timer
    is planned again for it (one would try the refused channel again tomorrow)."""
    day = date(2026, 6, 2)
    clock = OffsetClock(paris(day, time(9, 0, 1)))
    calls = 0

    async def refused(fire: Fire) -> None:
        nonlocal calls
        calls += 1
        raise TargetUnavailable(Target.channel(5, 1), 403, 50013)

    scheduler = Scheduler(db, clock)
    scheduler.start()
    await scheduler.add(
        RecurringJob("question:1", Recurrence(NINE, DAILY, PARIS), refused, paris(day, time(8)))
    )
    await scheduler.activate()
    assert calls == 1
    assert scheduler.job_keys == []
    assert scheduler.engine.next_run_at(job_work("question:1")) is None
    clock.advance(timedelta(days=1))
    await scheduler.sweep()
    await asyncio.sleep(0.2)
    assert calls == 1
    await scheduler.shutdown()


async def test_apscheduler_fires_a_planned_occurrence_once(db: Database) -> None:
    day = date(2026, 6, 2)
    clock = OffsetClock(paris(day, NINE) - timedelta(seconds=1))
    channel = Channel()
    sent = asyncio.Event()

    async def handler(fire: Fire) -> None:
        channel.post(fire)
        sent.set()

    scheduler = Scheduler(db, clock)
    scheduler.start()
    await scheduler.add(
        RecurringJob("question:1", Recurrence(NINE, DAILY, PARIS), handler, paris(day, time(8)))
    )
    await scheduler.activate()
    await asyncio.wait_for(sent.wait(), timeout=10)
    await asyncio.sleep(0.5)
    assert [p.occurrence.key for p in channel.posts] == ["2026-06-02"]
    assert scheduler.next_fire_time("question:1") == paris(day + timedelta(days=1), NINE)
    await scheduler.shutdown()


async def test_a_clock_jump_replans_the_timers(db: Database) -> None:
    day = date(2026, 6, 2)
    clock = OffsetClock(paris(day, time(7)))
    channel = Channel()
    sent = asyncio.Event()

    async def handler(fire: Fire) -> None:
        channel.post(fire)
        sent.set()

    scheduler = Scheduler(db, clock)
    scheduler.start()
    await scheduler.add(
        RecurringJob("question:1", Recurrence(NINE, DAILY, PARIS), handler, paris(day, time(6)))
    )
    await scheduler.activate()
    clock.set(paris(day, NINE) - timedelta(seconds=1))
    await asyncio.wait_for(sent.wait(), timeout=10)
    assert [p.occurrence.key for p in channel.posts] == ["2026-06-02"]
    await scheduler.shutdown()


async def test_spring_forward_fires_once_at_the_jump(db: Database) -> None:
    # 29 March 2026: Paris jumps from 02:00 to 03:00; 02:30 does not exist that day.
    day = date(2026, 3, 29)
    fires = resolve_local(day, time(2, 30), PARIS)
    assert fires == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 local
    clock = OffsetClock(fires + timedelta(seconds=1))
    channel = Channel()
    scheduler = Scheduler(db, clock)

    async def handler(fire: Fire) -> None:
        channel.post(fire)

    job = RecurringJob(
        "question:1", Recurrence(time(2, 30), DAILY, PARIS), handler, fires - timedelta(hours=3)
    )
    await scheduler.add(job)
    await scheduler.activate()
    await scheduler.activate()
    assert [(p.occurrence.key, p.occurrence.fires_at) for p in channel.posts] == [
        ("2026-03-29", fires)
    ]


async def test_a_timer_that_fires_days_late_skips_old_days_and_posts_today(db: Database) -> None:
    """A suspended machine wakes up: its 09:00 timer from two days ago finally runs."""
    day = date(2026, 6, 2)
    clock = OffsetClock(paris(day, time(8)))
    channel = Channel()
    scheduler = Scheduler(db, clock)
    scheduler.start()
    await scheduler.add(daily_job(channel, since=paris(day, time(7))))
    await scheduler.activate()
    clock._listeners.clear()  # a suspended machine's clock jumps without telling anyone
    clock.set(paris(day + timedelta(days=2), time(10)))
    # The timer planned for 2 June's 09:00 finally rings.
    assert scheduler.next_fire_time("question:1") == paris(day, NINE)
    await scheduler.engine.run(job_work("question:1"))
    assert [(p.occurrence.key, p.late) for p in channel.posts] == [("2026-06-04", True)]
    assert await states(db) == [
        ("2026-06-02", "skipped"),
        ("2026-06-03", "skipped"),
        ("2026-06-04", "sent"),
    ]
    assert scheduler.next_fire_time("question:1") == paris(day + timedelta(days=3), NINE)
    await scheduler.shutdown()
