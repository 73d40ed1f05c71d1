"""What features schedule: per-channel recurring jobs and per-member recurring sources.

The database is the source of truth. A feature keeps its schedules in its own table and, in
``cog_load``, hands them to ``bot.scheduler`` (removing them in ``cog_unload``):

- a handful of schedules (one per channel, one for the whole bot) as :class:`RecurringJob`s
  with :meth:`Scheduler.add`; each gets a timer for its next occurrence;
- schedules that grow with the members (one per member) as one
  :class:`~bot.outbound.recurring_sources.RecurringSource` with :meth:`Scheduler.add_source`;
  the whole source gets one timer, however many rows it has.

Both are planned work of the one :class:`~bot.outbound.engine.OutboundEngine` and are sent
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
from bot.outbound.recurring_sources import RecurringSource, SourceRunner
from bot.storage.database import Database
from bot.timing.clock import Clock
from bot.timing.recurrence import Occurrence, next_occurrence, occurrences_between

__all__ = ["Fire", "RecurringJob", "Scheduler", "job_work", "occurrence_nonce"]

log = logging.getLogger(__name__)

SWEEP_SECONDS = 30
SWEEP_KEY = "scheduler:sweep"

AdminNotifier = Callable[[RecurringJob, TargetUnavailable], Awaitable[None]]


def job_work(key: str) -> str:
    """The engine's name for a per-channel job's timer (apart from sources and letters)."""
    return f"job:{key}"


class _JobTimer:
    """A per-channel job as planned work: the occurrence its timer is set for."""

    def __init__(self, job: RecurringJob) -> None:
        self.job = job
        self.planned: Occurrence | None = None


class Scheduler:
    """Per-channel jobs and recurring sources, planned by the engine, sent exactly once."""

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
        self._sources: dict[str, SourceRunner] = {}
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
        """Catch up and plan every registered job and source; later additions do so at once."""
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
        self.engine.plan(job_work(job.key), functools.partial(self._run_job, _JobTimer(job)))
        if self.engine.active:
            await self.engine.run(job_work(job.key))

    def remove(self, key: str) -> None:
        """Forget a job's timers (its occurrence history stays for the record)."""
        self._jobs.pop(key, None)
        self.engine.drop(job_work(key))

    async def skip_next(self, key: str) -> Occurrence | None:
        """Drop exactly the next occurrence of a job or a source's schedule; returns it, or
        None if unknown."""
        job = await self._job_for(key)
        if job is None:
            return None
        now = self.clock.now()
        occurrence = next_occurrence(job.rule, max(now, job.active_since))
        while not await self.store.record_skip(key, occurrence, now, "skipped on request"):
            occurrence = next_occurrence(job.rule, occurrence.fires_at)
        return occurrence

    def next_fire_time(self, key: str) -> datetime | None:
        """When the planned timer of a job runs, in the clock's time (for tests and views);
        a source's schedules have no timer of their own (their table says when)."""
        return self.engine.next_run_at(job_work(key)) if key in self._jobs else None

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

    # -- per-member sources -------------------------------------------------------------

    async def add_source(self, source: RecurringSource) -> None:
        """Register (or replace) a source of schedules, served by one timer; if the engine
        is running, what is due is sent now."""
        runner = SourceRunner(source, self._sender, self.engine)
        self._sources[source.name] = runner
        self.engine.plan(runner.work_key, runner.run)
        if self.engine.active:
            await self.engine.run(runner.work_key)

    def remove_source(self, name: str) -> None:
        runner = self._sources.pop(name, None)
        if runner is not None:
            self.engine.drop(runner.work_key)

    def source_changed(self, name: str) -> None:
        """A feature changed its schedule table: look again at what is due and when."""
        runner = self._sources.get(name)
        if runner is not None:
            self.engine.wake(runner.work_key)

    @property
    def source_names(self) -> list[str]:
        return sorted(self._sources)

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
        job = self._jobs.get(key)
        if job is not None:
            return job
        for runner in self._sources.values():
            if runner.owns(key):
                return await runner.job_for(key)
        return None

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
