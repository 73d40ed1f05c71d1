"""A saved schedule as the scheduler's job, the same way for every feature that keeps one.

When Discord refuses a job's target for good (a deleted channel, permissions taken away) the
schedule is marked paused in the feature's table, so it is not hit again on every occurrence
and an admin can resume it once the channel is fixed. Every feature wants exactly that, so
the job and its pause live here; the feature says only what one occurrence does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from bot.outbound.pacer import TargetUnavailable
from bot.outbound.scheduler import Fire, RecurringJob, Scheduler
from bot.timing.clock import Clock
from bot.timing.recurrence import Recurrence


class PlannedSchedule(Protocol):
    """What the scheduler needs from a feature's saved schedule."""

    @property
    def job_key(self) -> str: ...

    @property
    def rule(self) -> Recurrence: ...

    @property
    def active_since(self) -> datetime: ...


class PausableStore(Protocol):
    """A feature's schedule table, by the key of its rows (a channel's or a server's id)."""

    async def set_paused(self, key: int, paused: bool, active_since: datetime, /) -> bool: ...


def pausing_job(
    schedule: PlannedSchedule,
    key: int,
    run: Callable[[int, Fire], Awaitable[None]],
    store: PausableStore,
    clock: Clock,
    what: str,
) -> RecurringJob:
    """The job of the schedule saved under ``key``: each occurrence calls ``run(key, fire)``
    (the handler reads the schedule again, so a change made meanwhile counts); a target
    Discord refuses for good pauses the schedule. ``what`` names the job to admins."""

    async def fire(occurrence: Fire) -> None:
        await run(key, occurrence)

    async def unavailable(_exc: TargetUnavailable) -> None:
        await store.set_paused(key, True, clock.now())

    return RecurringJob(
        schedule.job_key,
        schedule.rule,
        fire,
        schedule.active_since,
        on_unavailable=unavailable,
        what=what,
    )


async def replan(scheduler: Scheduler, job: RecurringJob) -> None:
    """Drop a job's old timers and plan it again from the schedule as saved now."""
    scheduler.remove(job.key)
    await scheduler.add(job)
