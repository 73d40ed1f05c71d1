"""How long does a 09:00 fan-out take: N schedules firing at once, each claimed, sent
through the pacer and recorded in a real SQLite file?

Run: ``.venv/bin/python -m benchmarks.fanout [N] [runs]``. Prints the median of several
runs. Target (2-core machine): the bookkeeping for 1,000 occurrences stays under 25 % of
the time the pacer itself needs to send them at 48 requests in any second (about 21 s), so SQLite is
never what holds a fan-out back. Sends are stubbed: this measures our overhead, not Discord.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.outbound.pacer import DEFAULT_LIMIT, DEFAULT_WINDOW, Pacer, Target
from bot.outbound.scheduler import Fire, RecurringJob, Scheduler
from bot.storage.schema import Schema, core_component
from bot.timing.clock import OffsetClock
from bot.timing.recurrence import Recurrence, next_occurrence

PACER_RATE = DEFAULT_LIMIT / DEFAULT_WINDOW
TARGET_SHARE = 0.25


async def one_run(count: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        db = await Schema([core_component()]).open(Path(tmp) / "bench.db")
        start = datetime(2026, 6, 2, 6, 0, tzinfo=UTC)
        clock = OffsetClock(start)
        scheduler = Scheduler(db, clock)
        # An unthrottled pacer: the bookkeeping alone is measured.
        pacer = Pacer(limit=count)
        rule = Recurrence(dt_time(9, 0), frozenset(range(7)), ZoneInfo("UTC"))
        occurrence = next_occurrence(rule, start)
        clock.set(occurrence.fires_at + timedelta(seconds=1))

        async def discord_accepts() -> None:
            return None

        async def send(fire: Fire) -> None:
            await pacer.send(Target.channel(1, 1), discord_accepts)

        jobs = [RecurringJob(f"bench:{i}", rule, send, start) for i in range(count)]
        began = time.perf_counter()
        await asyncio.gather(*(scheduler.run_occurrence(j, occurrence, late=False) for j in jobs))
        elapsed = time.perf_counter() - began
        rows = await db.fetch_one("SELECT COUNT(*) FROM occurrences WHERE state = 'sent'")
        if rows is None or rows[0] != count:
            raise RuntimeError(f"only {rows[0] if rows else 0} of {count} were recorded as sent")
        await db.close()
        return elapsed


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    timings = [asyncio.run(one_run(count)) for _ in range(runs)]
    median = statistics.median(timings)
    pacer_time = count / PACER_RATE
    share = median / pacer_time
    print(  # noqa: T201
        f"{count} occurrences: median {median:.2f} s over {runs} runs "
        f"({count / median:.0f}/s); pacer needs {pacer_time:.1f} s; "
        f"bookkeeping share {share:.0%} (target < {TARGET_SHARE:.0%}): "
        + ("ok" if share < TARGET_SHARE else "TOO SLOW")
    )


if __name__ == "__main__":
    main()
