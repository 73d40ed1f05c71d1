"""What features schedule: per-channel recurring jobs.

The database is the source of truth. A feature keeps its schedules in its own table and,
in ``cog_load``, hands them to ``bot.scheduler`` as :class:`RecurringJob`s with
:meth:`Scheduler.add` (removing them in ``cog_unload``); each gets a timer for its next
occurrence.

They are planned work of the one :class:`~bot.outbound.engine.OutboundEngine` and are sent
through the same claim/send/record steps (:mod:`bot.outbound.exactly_once`): exactly one
post per occurrence across restarts, crashes and processes racing on one database.
Occurrences missed while the bot was down are posted late if it is still the same local day
in the job's zone, and skipped with a log line otherwise. A sweep (at activation and every
half minute) retries claims whose lease ran out: a process that died mid-send, or a
transient failure waiting out its back-off.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from bot.outbound.engine import DRAIN_SECONDS, OutboundEngine
from bot.outbound.exactly_once import (
    Fire,
    OccurrenceSender,
    RecurringJob,
    occurrence_nonce,
    same_local_day,
)
from bot.outbound.occurrence_claims import OccurrenceStore
from bot.outbound.pacer import TargetUnavailable
from bot.storage.database import Database
from bot.timing.clock import Clock
from bot.timing.recurrence import Occurrence, next_occurrence, occurrences_between

__all__ = ["Fire", "RecurringJob", "Scheduler", "occurrence_nonce"]

log = logging.getLogger(__name__)

SWEEP_SECONDS = 30
SWEEP_KEY = "scheduler:sweep"

AdminNotifier = Callable[[RecurringJob, TargetUnavailable], Awaitable[None]]


class _JobTimer:
    """A per-channel job as planned work: the occurrence its timer is set for."""

    def __init__(self, job: RecurringJob) -> None:
        self.job = job
        self.planned: Occurrence | None = None


class Scheduler:
    """Per-channel jobs, planned by the engine, sent exactly once."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        engine: OutboundEngine | None = None,
        sweep_seconds: float = SWEEP_SECONDS,
        on_unavailable: AdminNotifier | None = None,
    ) -> None:
        if engine is not None and engine.clock is not clock:
            raise ValueError("the scheduler and its engine must share one clock")
        self.engine = engine or OutboundEngine(clock)
        self.clock = clock
        self.store = OccurrenceStore(db)
        self._sender = OccurrenceSender(self.store, self.engine, self._job_unavailable)
        self._on_unavailable = on_unavailable
        self._jobs: dict[str, RecurringJob] = {}
        self._sweep_every = timedelta(seconds=sweep_seconds)
        self.engine.plan(SWEEP_KEY, self._sweep_then_wait)

    @property
    def owner(self) -> str:
        return self.engine.owner

    @property
    def lease(self) -> timedelta:
        return self.engine.policy.lease

    # -- lifecycle (the engine's; kept here for code that only has a scheduler) ---------

    def start(self) -> None:
        """Start the engine's timers; needs the running loop, so it is called from
        ``setup_hook``. Jobs added before :meth:`activate` are only registered: nothing is
        sent until the bot is connected (and never by ``python -m bot sync``)."""
        self.engine.start()

    async def activate(self) -> None:
        """Catch up and plan every registered job; later additions do so at once."""
        await self.engine.activate()

    async def shutdown(self, drain_seconds: float = DRAIN_SECONDS) -> None:
        await self.engine.shutdown(drain_seconds)

    # -- per-channel jobs ---------------------------------------------------------------

    @property
    def job_keys(self) -> list[str]:
        return sorted(self._jobs)

    async def add(self, job: RecurringJob) -> None:
        """Register (or replace) a job: catch up what was missed, then plan the next one."""
        self._jobs[job.key] = job
        self.engine.plan(job.key, functools.partial(self._run_job, _JobTimer(job)))
        if self.engine.active:
            await self.engine.run(job.key)

    def remove(self, key: str) -> None:
        """Forget a job's timers (its occurrence history stays for the record)."""
        self._jobs.pop(key, None)
        self.engine.drop(key)

    async def skip_next(self, key: str) -> Occurrence | None:
        """Drop exactly the next occurrence of a job; returns it, or None if unknown."""
        job = await self._job_for(key)
        if job is None:
            return None
        now = self.clock.now()
        occurrence = next_occurrence(job.rule, max(now, job.active_since))
        while not await self.store.record_skip(key, occurrence, now, "skipped on request"):
            occurrence = next_occurrence(job.rule, occurrence.fires_at)
        return occurrence

    def next_fire_time(self, key: str) -> datetime | None:
        """When the planned timer of a job runs, in the clock's time (for tests and views)."""
        return self.engine.next_run_at(key) if key in self._jobs else None

    async def _run_job(self, timer: _JobTimer) -> datetime | None:
        """Send the occurrence the timer was set for if it is due, deal with anything else
        missed, and answer when the next one is due."""
        job, planned = timer.job, timer.planned
        timer.planned = None
        ran_through: datetime | None = None
        if planned is not None and planned.fires_at <= self.clock.now():
            await self.run_occurrence(job, planned, late=False)
            ran_through = planned.fires_at
        if self._jobs.get(job.key) is not job:
            return None  # stopped while sending (its target refused), or replaced
        # A timer that fired very late (a suspended machine) may have passed other
        # occurrences: treat them like ones missed while down.
        await self.catch_up(job)
        now = self.clock.now()
        after = max(now, ran_through) if ran_through else now
        timer.planned = next_occurrence(job.rule, max(after, job.active_since))
        return timer.planned.fires_at

    async def run_occurrence(
        self, job: RecurringJob, occurrence: Occurrence, *, late: bool
    ) -> bool:
        """Claim, send and record one occurrence. Returns True if this call sent it."""
        return await self._sender.run_occurrence(job, occurrence, late=late)

    async def catch_up(self, job: RecurringJob) -> None:
        """Deal with the occurrences due since this job last ran (or became active)."""
        now = self.clock.now()
        latest = await self.store.latest_fires_at(job.key)
        since = max(job.active_since, latest) if latest else job.active_since
        for occurrence in occurrences_between(job.rule, since, now):
            if self._stopped():
                return  # shutting down
            if await self.store.state_of(job.key, occurrence.key) is not None:
                continue
            if same_local_day(job, occurrence, now):
                log.info("posting %s for %s late: it was missed", job.key, occurrence.key)
                await self.run_occurrence(job, occurrence, late=True)
            elif await self.store.record_skip(job.key, occurrence, now, "missed while down"):
                log.info("skipped %s on %s: missed while down", job.key, occurrence.key)

    # -- the sweep ----------------------------------------------------------------------

    async def _sweep_then_wait(self) -> datetime:
        await self.sweep()
        return self.clock.now() + self._sweep_every

    async def sweep(self) -> None:
        """Retry claims whose lease ran out: a crash mid-send, or a transient failure."""
        if self._stopped():
            return
        now = self.clock.now()
        owner, lease = self.owner, self.lease
        for job_key, occurrence_key, fires_at in await self.store.expired_claims(now):
            if self._stopped():
                return
            job = await self._job_for(job_key)
            if job is None:
                continue
            occurrence = Occurrence(date.fromisoformat(occurrence_key), fires_at)
            if not same_local_day(job, occurrence, now):
                if await self.store.take_over(job_key, occurrence_key, owner, now, lease):
                    await self.store.finish(
                        job_key,
                        occurrence_key,
                        owner,
                        "failed",
                        now,
                        "claim expired after its local day; it may or may not have been sent",
                    )
                    log.warning("gave up on %s for %s: its day passed", job_key, occurrence_key)
                continue
            if await self.store.take_over(job_key, occurrence_key, owner, now, lease):
                log.info("retrying %s for %s", job_key, occurrence_key)
                await self._sender.send_claimed(job, occurrence, late=True)

    def _stopped(self) -> bool:
        """Not activated yet, or shutting down: send nothing."""
        return not self.engine.active

    async def _job_for(self, key: str) -> RecurringJob | None:
        return self._jobs.get(key)

    async def _job_unavailable(self, job: RecurringJob, exc: TargetUnavailable) -> None:
        """Stop a job Discord refuses, so the bot does not hit the same wall every day."""
        if self._jobs.get(job.key) is job:
            self.remove(job.key)
        try:
            if job.on_unavailable is not None:
                await job.on_unavailable(exc)
            if self._on_unavailable is not None:
                await self._on_unavailable(job, exc)
        except Exception:
            log.exception("handling the unavailable target of %s failed", job.key)
