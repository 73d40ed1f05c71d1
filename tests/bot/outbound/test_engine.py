"""The outbound engine: planned work, its timers, wake-ups, one retry policy, one shutdown."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.outbound.engine import OutboundEngine, RetryPolicy
from tests.bot.outbound.still_clock import StillClock

NOW = datetime(2026, 6, 2, 12, 0, tzinfo=UTC)


class Work:
    """Planned work that counts its runs and answers a chosen next due time."""

    def __init__(self, clock: StillClock, every: timedelta | None = timedelta(hours=1)) -> None:
        self.clock = clock
        self.every = every
        self.runs = 0
        self.ran = asyncio.Event()
        self.gate: asyncio.Event | None = None
        self.fail = False

    async def __call__(self) -> datetime | None:
        self.runs += 1
        self.ran.set()
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise RuntimeError("the work broke")
        return self.clock.now() + self.every if self.every else None


@pytest.fixture
def clock() -> StillClock:
    return StillClock(NOW)


async def test_the_policy_backs_off_more_with_each_attempt_and_stops() -> None:
    policy = RetryPolicy(lease=timedelta(minutes=2), backoff=timedelta(seconds=30), max_attempts=3)
    assert policy.retry_at(NOW, 1) == NOW + timedelta(seconds=30)
    assert policy.retry_at(NOW, 2) == NOW + timedelta(seconds=60)
    assert [policy.gives_up(n) for n in (1, 2, 3, 4)] == [False, False, True, True]


async def test_nothing_runs_before_activation(clock: StillClock) -> None:
    engine = OutboundEngine(clock)
    work = Work(clock)
    engine.plan("work", work)
    engine.wake("work")
    await engine.run("work")
    clock.advance(timedelta(hours=2))
    await asyncio.sleep(0.01)
    assert work.runs == 0
    assert engine.next_run_at("work") is None


async def test_activation_runs_each_work_once_and_sets_its_timer(clock: StillClock) -> None:
    engine = OutboundEngine(clock)
    first, second = Work(clock), Work(clock, every=timedelta(minutes=5))
    engine.plan("first", first)
    engine.plan("second", second)
    engine.start()
    assert engine.timer_keys() == []
    await engine.activate()
    assert (first.runs, second.runs) == (1, 1)
    assert engine.next_run_at("first") == NOW + timedelta(hours=1)
    assert engine.next_run_at("second") == NOW + timedelta(minutes=5)
    assert engine.timer_keys() == ["first", "second"]
    await engine.shutdown()


async def test_a_timer_set_before_start_is_set_when_it_starts(clock: StillClock) -> None:
    engine = OutboundEngine(clock)
    engine.plan("work", Work(clock))
    await engine.activate()
    assert engine.timer_keys() == []
    engine.start()
    assert engine.timer_keys() == ["work"]
    await engine.shutdown()


async def test_the_timer_rings_the_work_when_it_is_due(clock: StillClock) -> None:
    engine = OutboundEngine(clock)
    work = Work(clock, every=timedelta(seconds=0.2))
    engine.plan("work", work)
    engine.start()
    await engine.activate()
    work.ran.clear()
    await asyncio.wait_for(work.ran.wait(), 5)
    assert work.runs == 2
    await engine.shutdown()


async def test_work_with_nothing_planned_has_no_timer(clock: StillClock) -> None:
    engine = OutboundEngine(clock)
    work = Work(clock, every=timedelta(hours=1))
    engine.plan("work", work)
    engine.start()
    await engine.activate()
    work.every = None
    await engine.run("work")
    assert engine.next_run_at("work") is None
    assert engine.timer_keys() == []
    await engine.shutdown()


async def test_max_wait_caps_the_time_between_runs(clock: StillClock) -> None:
    engine = OutboundEngine(clock)
    engine.plan("idle", Work(clock, every=None), max_wait=timedelta(seconds=60))
    engine.plan("later", Work(clock, every=timedelta(hours=1)), max_wait=timedelta(seconds=60))
    await engine.activate()
    assert engine.next_run_at("idle") == NOW + timedelta(seconds=60)
    assert engine.next_run_at("later") == NOW + timedelta(seconds=60)
    await engine.shutdown()


async def test_wakes_during_a_run_coalesce_into_one_more_run(clock: StillClock) -> None:
    engine = OutboundEngine(clock)
    work = Work(clock)
    engine.plan("work", work)
    await engine.activate()
    work.gate = asyncio.Event()
    work.ran.clear()
    engine.wake("work")
    await asyncio.wait_for(work.ran.wait(), 1)
    for _ in range(5):
        engine.wake("work")
    work.gate.set()
    for _ in range(20):
        await asyncio.sleep(0)
    assert work.runs == 3  # activation, the first wake, then one for the five
    await engine.shutdown()


async def test_a_failing_run_is_logged_and_tried_again_after_the_back_off(
    clock: StillClock, caplog: pytest.LogCaptureFixture
) -> None:
    engine = OutboundEngine(clock, policy=RetryPolicy(backoff=timedelta(seconds=45)))
    work = Work(clock)
    work.fail = True
    engine.plan("work", work)
    with caplog.at_level(logging.ERROR, logger="bot.outbound.engine"):
        await engine.activate()
    assert "work failed; trying again in 0:00:45" in caplog.text
    assert engine.next_run_at("work") == NOW + timedelta(seconds=45)
    await engine.shutdown()


async def test_a_clock_jump_wakes_every_work(clock: StillClock) -> None:
    engine = OutboundEngine(clock)
    works = [Work(clock), Work(clock)]
    for index, work in enumerate(works):
        engine.plan(f"work:{index}", work)
    await engine.activate()
    clock.advance(timedelta(days=1))
    for _ in range(20):
        await asyncio.sleep(0)
    assert [w.runs for w in works] == [2, 2]
    assert engine.next_run_at("work:0") == NOW + timedelta(days=1, hours=1)
    await engine.shutdown()


async def test_dropped_work_never_runs_again_and_loses_its_timer(clock: StillClock) -> None:
    engine = OutboundEngine(clock)
    work = Work(clock)
    engine.plan("work", work)
    engine.start()
    await engine.activate()
    engine.drop("work")
    engine.wake("work")
    await engine.run("work")
    assert work.runs == 1
    assert engine.next_run_at("work") is None
    assert engine.timer_keys() == []
    await engine.shutdown()


async def test_work_dropped_during_its_run_plans_nothing(clock: StillClock) -> None:
    engine = OutboundEngine(clock)
    engine.start()

    async def drops_itself() -> datetime:
        engine.drop("work")
        return clock.now() + timedelta(hours=1)

    engine.plan("work", drops_itself)
    await engine.activate()
    assert engine.next_run_at("work") is None
    assert engine.timer_keys() == []
    await engine.shutdown()


async def test_shutdown_lets_a_run_under_way_finish_then_cancels_the_rest(
    clock: StillClock,
) -> None:
    engine = OutboundEngine(clock)
    work = Work(clock)
    engine.plan("work", work)
    engine.start()
    await engine.activate()
    work.gate = asyncio.Event()
    work.ran.clear()
    engine.wake("work")
    await work.ran.wait()
    other = engine.tasks.spawn(asyncio.Event().wait(), name="other")
    stopping = asyncio.create_task(engine.shutdown())
    await asyncio.sleep(0.05)
    assert not stopping.done(), "shutdown waits for the run under way"
    assert engine.stopping and not engine.active
    work.gate.set()
    await asyncio.wait_for(stopping, 5)
    assert other.cancelled()
    assert engine.tasks.sends_under_way == 0
    assert engine.next_run_at("work") == NOW + timedelta(hours=1), "recorded before stopping"


async def test_nothing_starts_again_after_shutdown(clock: StillClock) -> None:
    engine = OutboundEngine(clock)
    work = Work(clock)
    engine.plan("work", work)
    await engine.shutdown()
    engine.start()
    await engine.activate()
    engine.wake("work")
    clock.advance(timedelta(hours=2))
    await asyncio.sleep(0.01)
    assert work.runs == 0
    assert not engine.active
    await engine.shutdown()  # a second shutdown is harmless
