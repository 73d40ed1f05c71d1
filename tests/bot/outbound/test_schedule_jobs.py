"""The job every feature's saved schedule becomes: each occurrence runs the feature's handler
with the schedule's key, and a target Discord refuses for good pauses that schedule."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from bot.outbound.pacer import Target, TargetUnavailable
from bot.outbound.schedule_jobs import pausing_job, replan
from bot.outbound.scheduler import Fire, Scheduler
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from bot.timing.recurrence import next_occurrence
from tests.bot.interactions.schedule_fakes import DemoSchedule, DemoStore
from tests.bot.outbound.still_clock import StillClock

START = datetime(2026, 6, 2, 6, tzinfo=UTC)


async def test_each_occurrence_runs_the_handler_with_the_schedules_key() -> None:
    schedule = DemoSchedule(channel_id=7, active_since=START)
    ran: list[tuple[int, Fire]] = []

    async def run(key: int, fire: Fire) -> None:
        ran.append((key, fire))

    store = DemoStore({7: schedule})
    job = pausing_job(schedule, 7, run, store, OffsetClock(START), "demo posts")
    assert (job.key, job.rule, job.active_since, job.what) == (
        "demo:7",
        schedule.rule,
        START,
        "demo posts",
    )
    fire = Fire(job.key, next_occurrence(schedule.rule, START), "nonce", late=False)
    await job.handler(fire)
    assert ran == [(7, fire)]
    assert store.pauses == [], "running an occurrence pauses nothing"


async def test_a_target_refused_for_good_pauses_only_that_schedule_from_now() -> None:
    clock = StillClock(START + timedelta(hours=3))
    store = DemoStore({7: DemoSchedule(7, START), 8: DemoSchedule(8, START)})

    async def run(_key: int, _fire: Fire) -> None:
        raise AssertionError("not run")

    job = pausing_job(store.rows[7], 7, run, store, clock, "demo posts")
    assert job.on_unavailable is not None
    await job.on_unavailable(TargetUnavailable(Target.channel(7, 1), 404, 10003))
    assert store.pauses == [(7, True, START + timedelta(hours=3))]
    assert store.rows[7].paused and not store.rows[8].paused


async def test_replanning_replaces_the_jobs_timers_with_the_saved_schedule(db: Database) -> None:
    clock = OffsetClock(START)
    scheduler = Scheduler(db, clock)
    store = DemoStore()

    async def run(_key: int, _fire: Fire) -> None:
        return None

    nine = DemoSchedule(7, START, at=time(9))
    await replan(scheduler, pausing_job(nine, 7, run, store, clock, "x"))
    ten = DemoSchedule(7, START, at=time(10))
    await replan(scheduler, pausing_job(ten, 7, run, store, clock, "x"))
    skipped = await scheduler.skip_next("demo:7")
    assert skipped is not None
    assert skipped.fires_at == next_occurrence(ten.rule, START).fires_at, "the 10:00 one"
