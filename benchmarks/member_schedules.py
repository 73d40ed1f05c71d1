"""What do 10,000 members' daily check-ins cost the outbound engine?

Each member has a check-in at 21:00 in their own zone, kept in a table with an indexed
next-fire column and served by one recurring source (the shape the check-ins feature will
have). Against a real SQLite file, two things are measured:

- **planning**: registering the source and activating the engine with nothing due, then the
  source's timer ringing with nothing due (looking up what is due and when next). It must
  cost the same for 100 members as for 10,000: APScheduler holds the same two jobs (the
  sweep and the source), and the median time of a ring and the Python memory kept after
  activation stay within twice those of 100 members.
- **firing**: one whole day, the clock stepped hour by hour, every member's check-in claimed,
  handed to a stub handler and recorded. Targets (2-core machine): the median time stays
  under 25 % of what the pacer needs to send as many DMs at 40 per second (250 s for
  10,000), as in ``benchmarks.fanout``; the peak memory while firing 10,000 stays within
  twice that of firing 1,000 (the engine works a batch at a time).

Run: ``.venv/bin/python -m benchmarks.member_schedules [members] [runs]``. Sends are stubbed:
this measures our bookkeeping, not Discord.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.outbound.exactly_once import Fire
from bot.outbound.scheduler import Scheduler
from bot.storage.schema import Schema, core_component
from tests.bot.outbound.member_schedules import MemberCheckins
from tests.bot.outbound.still_clock import StillClock

PACER_RATE = 40.0
TARGET_SHARE = 0.25
TARGET_RATIO = 2.0
SMALL_PLAN, SMALL_FIRE = 100, 1000
QUIET_RINGS = 25
SOURCE = "source:checkin"
START = datetime(2026, 6, 1, tzinfo=UTC)
ZONES = [
    ZoneInfo(name)
    for name in (
        "Pacific/Auckland",
        "Asia/Kolkata",
        "Asia/Kathmandu",
        "Europe/Paris",
        "UTC",
        "America/St_Johns",
        "America/New_York",
        "America/Los_Angeles",
        "Pacific/Honolulu",
    )
]


@dataclass
class Run:
    seconds: float
    memory: int  # bytes: kept after planning, or the peak while firing
    timers: int
    sent: int


@dataclass
class Stub:
    """The feature's handler, stubbed: it counts what reached it."""

    sent: int = 0

    async def __call__(self, fire: Fire) -> None:
        self.sent += 1


@dataclass
class Bench:
    scheduler: Scheduler
    source: MemberCheckins
    clock: StillClock
    handler: Stub


@asynccontextmanager
async def engine_with(count: int) -> AsyncIterator[Bench]:
    """A scheduler over a fresh database holding ``count`` members; the source not yet added."""
    handler = Stub()

    with tempfile.TemporaryDirectory() as tmp:
        db = await Schema([core_component()]).open(Path(tmp) / "bench.db")
        source = MemberCheckins(db, handler)
        await source.create_table()
        nine_pm = dt_time(21, 0)
        await source.add_members(
            [(user_id, ZONES[user_id % len(ZONES)], nine_pm) for user_id in range(count)], START
        )
        clock = StillClock(START)
        scheduler = Scheduler(db, clock)
        scheduler.start()
        try:
            yield Bench(scheduler, source, clock, handler)
        finally:
            await scheduler.shutdown()
            await db.close()


@asynccontextmanager
async def measured(trace: bool) -> AsyncIterator[list[float]]:
    """Time (and, when tracing, Python memory) of the block: [seconds, kept, peak]."""
    found = [0.0, 0.0, 0.0]
    gc.collect()
    if trace:
        tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0] if trace else 0
    began = time.perf_counter()
    yield found
    found[0] = time.perf_counter() - began
    if trace:
        current, peak = tracemalloc.get_traced_memory()
        found[1], found[2] = current - base, peak - base
        tracemalloc.stop()


async def plan(count: int, *, trace: bool = False) -> Run:
    """Register the source, activate, then let its timer ring with nothing due a number of
    times: the median of those rings is the time, the memory kept after activation the
    memory."""
    async with engine_with(count) as bench:
        engine = bench.scheduler.engine
        async with measured(trace) as found:
            await bench.scheduler.add_source(bench.source)
            await bench.scheduler.activate()
        rings = []
        for _ in range(QUIET_RINGS):
            began = time.perf_counter()
            await engine.run(SOURCE)
            rings.append(time.perf_counter() - began)
        timers = len(engine.timer_keys())
        return Run(statistics.median(rings), int(found[1]), timers, bench.handler.sent)


async def fire_a_day(count: int, *, trace: bool = False) -> Run:
    """Step the clock through one day, an hour at a time, letting the source's work run."""
    async with engine_with(count) as bench:
        engine = bench.scheduler.engine
        await bench.scheduler.add_source(bench.source)
        await bench.scheduler.activate()
        async with measured(trace) as found:
            for hour in range(1, 25):
                bench.clock.set(START + timedelta(hours=hour))
                await engine.run(SOURCE)
        if bench.handler.sent != count:
            raise RuntimeError(f"{bench.handler.sent} check-ins were sent for {count} members")
        return Run(found[0], int(found[2]), len(engine.timer_keys()), bench.handler.sent)


def median_seconds(runs: list[Run]) -> float:
    return statistics.median(run.seconds for run in runs)


def verdict(ok: bool) -> str:
    return "ok" if ok else "TOO MUCH"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5

    small = [asyncio.run(plan(SMALL_PLAN)) for _ in range(runs)]
    large = [asyncio.run(plan(count)) for _ in range(runs)]
    small_kept = asyncio.run(plan(SMALL_PLAN, trace=True)).memory
    large_kept = asyncio.run(plan(count, trace=True)).memory
    time_ratio = median_seconds(large) / median_seconds(small)
    memory_ratio = large_kept / max(small_kept, 1)
    timers = {run.timers for run in small + large}
    print(  # noqa: T201
        f"planning {count} members: a ring with nothing due takes a median "
        f"{median_seconds(large) * 1000:.2f} ms "
        f"vs {median_seconds(small) * 1000:.2f} ms for {SMALL_PLAN} (ratio {time_ratio:.2f}); "
        f"keeps {large_kept / 1024:.0f} KiB vs {small_kept / 1024:.0f} KiB "
        f"(ratio {memory_ratio:.2f}); APScheduler jobs {sorted(timers)} "
        f"(target: ratios < {TARGET_RATIO:g}, always 2 jobs): "
        + verdict(time_ratio < TARGET_RATIO and memory_ratio < TARGET_RATIO and timers == {2})
    )

    firing = [asyncio.run(fire_a_day(count)) for _ in range(runs)]
    small_peak = asyncio.run(fire_a_day(SMALL_FIRE, trace=True)).memory
    large_peak = asyncio.run(fire_a_day(count, trace=True)).memory
    median = median_seconds(firing)
    share = median / (count / PACER_RATE)
    peak_ratio = large_peak / max(small_peak, 1)
    print(  # noqa: T201
        f"firing a day of {count} check-ins: median {median:.2f} s over {runs} runs "
        f"({count / median:.0f}/s), {share:.1%} of the pacer's {count / PACER_RATE:.0f} s "
        f"(target < {TARGET_SHARE:.0%}): {verdict(share < TARGET_SHARE)}; peak memory "
        f"{large_peak / 2**20:.1f} MiB vs {small_peak / 2**20:.1f} MiB for {SMALL_FIRE} "
        f"(ratio {peak_ratio:.2f}, target < {TARGET_RATIO:g}): "
        + verdict(peak_ratio < TARGET_RATIO)
    )


if __name__ == "__main__":
    main()
