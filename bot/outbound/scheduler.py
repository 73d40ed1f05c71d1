"""Scheduling with "exactly one post per occurrence".

The database is the source of truth. Each feature keeps its schedules in its own table and,
in ``cog_load``, hands them to :class:`Scheduler` as :class:`RecurringJob`s; APScheduler
only holds in-memory timers for the next occurrence of each job and is rebuilt at every
start.

How one occurrence is sent exactly once:

1. **Claim** — a row keyed by (job, local date) is inserted in ``occurrences``; only the
   process whose insert succeeds may send. Two schedulers on one database can race here
   and only one wins.
2. **Send** with a nonce derived from (job, local date), which Discord uses to refuse a
   second identical message (``enforce_nonce``), so a retry after a crash between "sent"
   and "recorded" does not post twice.
3. **Record** the row as ``sent``.

A claim carries a lease. If the process dies between 1 and 3, the lease runs out and the
sweep (at start-up and every half minute) takes the claim over and sends again with the
same nonce, as long as it is still the same local day. A transient failure shortens the
lease, so the sweep retries it; a target Discord refuses for good (403/404) is ``failed``.

Occurrences missed while the bot was down are posted late if it is still the same local
day in the job's zone, and skipped with a log line otherwise.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.outbound.pacer import TargetUnavailable
from bot.storage.database import Database, from_db_time, to_db_time
from bot.timing.clock import Clock
from bot.timing.recurrence import (
    Occurrence,
    Recurrence,
    local_date_of,
    next_occurrence,
    occurrences_between,
)

log = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(minutes=2)
RETRY_BACKOFF = timedelta(seconds=30)
MAX_ATTEMPTS = 5
SWEEP_SECONDS = 30
NONCE_LENGTH = 25  # Discord's maximum
DRAIN_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class Fire:
    """What a job's handler receives for one occurrence."""

    job_key: str
    occurrence: Occurrence
    nonce: str
    late: bool


Handler = Callable[[Fire], Awaitable[None]]
UnavailableHandler = Callable[[TargetUnavailable], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class RecurringJob:
    """A feature's schedule, as the scheduler needs it.

    ``active_since`` is when the schedule was created, changed or resumed: occurrences at or
    before it are never caught up (a schedule created at 10:00 for 09:00 starts tomorrow).

    ``on_unavailable`` is called once when Discord refuses the job's target for good (a
    deleted channel, permissions taken away): the feature marks the schedule paused in its
    table. The scheduler has already stopped the job's timers, and the bot tells the
    server's admins the next time one uses a command, naming the job by ``what``.
    """

    key: str
    rule: Recurrence
    handler: Handler
    active_since: datetime
    on_unavailable: UnavailableHandler | None = None
    what: str = "scheduled posts"


def occurrence_nonce(job_key: str, occurrence_key: str) -> str:
    digest = hashlib.sha256(f"{job_key}|{occurrence_key}".encode()).hexdigest()
    return digest[:NONCE_LENGTH]


class OccurrenceStore:
    """The SQL behind claims; every change is one statement, hence one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(
        self, job_key: str, occurrence: Occurrence, owner: str, now: datetime, lease: timedelta
    ) -> bool:
        changed = await self._db.execute(
            """
            INSERT INTO occurrences
                (job_key, occurrence_key, fires_at, state, owner, lease_until, attempts, updated_at)
            VALUES (?, ?, ?, 'claimed', ?, ?, 1, ?)
            ON CONFLICT (job_key, occurrence_key) DO NOTHING
            """,
            (
                job_key,
                occurrence.key,
                to_db_time(occurrence.fires_at),
                owner,
                to_db_time(now + lease),
                to_db_time(now),
            ),
        )
        return changed == 1

    async def take_over(
        self, job_key: str, occurrence_key: str, owner: str, now: datetime, lease: timedelta
    ) -> bool:
        """Take a claim whose lease ran out (its holder died or asked for a retry)."""
        changed = await self._db.execute(
            """
            UPDATE occurrences
               SET owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
             WHERE job_key = ? AND occurrence_key = ? AND state = 'claimed' AND lease_until <= ?
            """,
            (
                owner,
                to_db_time(now + lease),
                to_db_time(now),
                job_key,
                occurrence_key,
                to_db_time(now),
            ),
        )
        return changed == 1

    async def finish(
        self,
        job_key: str,
        occurrence_key: str,
        owner: str,
        state: str,
        now: datetime,
        detail: str | None = None,
    ) -> None:
        await self._db.execute(
            """
            UPDATE occurrences SET state = ?, detail = ?, lease_until = NULL, updated_at = ?
             WHERE job_key = ? AND occurrence_key = ? AND owner = ?
            """,
            (state, detail, to_db_time(now), job_key, occurrence_key, owner),
        )

    async def retry_later(
        self, job_key: str, occurrence_key: str, owner: str, when: datetime, now: datetime
    ) -> int:
        """Shorten the lease so the sweep retries; returns the attempts made so far."""
        await self._db.execute(
            """
            UPDATE occurrences SET lease_until = ?, updated_at = ?
             WHERE job_key = ? AND occurrence_key = ? AND owner = ? AND state = 'claimed'
            """,
            (to_db_time(when), to_db_time(now), job_key, occurrence_key, owner),
        )
        row = await self._db.fetch_one(
            "SELECT attempts FROM occurrences WHERE job_key = ? AND occurrence_key = ?",
            (job_key, occurrence_key),
        )
        return int(row["attempts"]) if row else 0

    async def record_skip(
        self, job_key: str, occurrence: Occurrence, now: datetime, detail: str
    ) -> bool:
        changed = await self._db.execute(
            """
            INSERT INTO occurrences
                (job_key, occurrence_key, fires_at, state, detail, updated_at)
            VALUES (?, ?, ?, 'skipped', ?, ?)
            ON CONFLICT (job_key, occurrence_key) DO NOTHING
            """,
            (job_key, occurrence.key, to_db_time(occurrence.fires_at), detail, to_db_time(now)),
        )
        return changed == 1

    async def latest_fires_at(self, job_key: str) -> datetime | None:
        row = await self._db.fetch_one(
            "SELECT MAX(fires_at) AS latest FROM occurrences WHERE job_key = ?", (job_key,)
        )
        return from_db_time(row["latest"]) if row and row["latest"] else None

    async def state_of(self, job_key: str, occurrence_key: str) -> str | None:
        row = await self._db.fetch_one(
            "SELECT state FROM occurrences WHERE job_key = ? AND occurrence_key = ?",
            (job_key, occurrence_key),
        )
        return str(row["state"]) if row else None

    async def expired_claims(self, now: datetime) -> list[tuple[str, str, datetime]]:
        rows = await self._db.fetch_all(
            """
            SELECT job_key, occurrence_key, fires_at FROM occurrences
             WHERE state = 'claimed' AND lease_until <= ?
             ORDER BY fires_at
            """,
            (to_db_time(now),),
        )
        return [(r["job_key"], r["occurrence_key"], from_db_time(r["fires_at"])) for r in rows]


class Scheduler:
    """APScheduler timers in front of the claim/send/record bookkeeping."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        owner: str | None = None,
        lease: timedelta = DEFAULT_LEASE,
        sweep_seconds: float = SWEEP_SECONDS,
        on_unavailable: Callable[[RecurringJob, TargetUnavailable], Awaitable[None]] | None = None,
    ) -> None:
        self.store = OccurrenceStore(db)
        self.clock = clock
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.lease = lease
        self._sweep_seconds = sweep_seconds
        self._on_unavailable = on_unavailable
        self._jobs: dict[str, RecurringJob] = {}
        self._aps = AsyncIOScheduler(
            timezone="UTC",
            job_defaults={
                # The same-local-day rule decides lateness, so APScheduler must never drop
                # a late run on its own (its default grace is one second).
                "misfire_grace_time": None,
                "coalesce": True,
                "max_instances": 1,
            },
        )
        self._tasks: set[asyncio.Task[None]] = set()
        self._running: set[asyncio.Task[Any]] = set()
        self._active = False
        clock.subscribe(self._on_clock_jump)

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        """Start APScheduler; needs the running loop, so it is called from ``setup_hook``.

        Jobs added before :meth:`activate` are only registered: nothing is sent until the
        bot is connected (and never by ``python -m bot sync``, which does not connect).
        """
        self._aps.start()
        self._aps.add_job(
            self.sweep,
            IntervalTrigger(seconds=self._sweep_seconds),
            id="kindred:sweep",
            replace_existing=True,
        )

    async def activate(self) -> None:
        """Catch up and plan every registered job; later additions do so at once."""
        self._active = True
        for job in list(self._jobs.values()):
            await self._catch_up_and_plan(job)
        await self.sweep()

    async def shutdown(self, drain_seconds: float = DRAIN_SECONDS) -> None:
        """Stop planning, let sends already under way finish (so their record is written),
        then stop APScheduler, which cancels whatever is still running."""
        self._active = False
        self.clock.unsubscribe(self._on_clock_jump)
        if self._aps.running:
            self._aps.pause()
        if self._running:
            _, late = await asyncio.wait(set(self._running), timeout=drain_seconds)
            if late:
                log.warning("stopping with %d scheduled send(s) unfinished", len(late))
        if self._aps.running:
            self._aps.shutdown(wait=False)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- jobs ---------------------------------------------------------------------------

    @property
    def job_keys(self) -> list[str]:
        return sorted(self._jobs)

    async def add(self, job: RecurringJob) -> None:
        """Register (or replace) a job: catch up what was missed, then plan the next one."""
        self._jobs[job.key] = job
        if self._active:
            await self._catch_up_and_plan(job)

    def remove(self, key: str) -> None:
        """Forget a job's timers (its occurrence history stays for the record)."""
        self._jobs.pop(key, None)
        if self._aps.get_job(key):
            self._aps.remove_job(key)

    async def skip_next(self, key: str) -> Occurrence | None:
        """Drop exactly the next occurrence of a job; returns it, or None if unknown."""
        job = self._jobs.get(key)
        if job is None:
            return None
        now = self.clock.now()
        occurrence = next_occurrence(job.rule, max(now, job.active_since))
        while not await self.store.record_skip(key, occurrence, now, "skipped on request"):
            occurrence = next_occurrence(job.rule, occurrence.fires_at)
        return occurrence

    def next_fire_time(self, key: str) -> datetime | None:
        """When the planned timer of a job runs, in the clock's time (for tests and views)."""
        aps_job = self._aps.get_job(key)
        if aps_job is None:
            return None
        occurrence: Occurrence = aps_job.args[1]
        return occurrence.fires_at

    async def _catch_up_and_plan(self, job: RecurringJob, at_least: datetime | None = None) -> None:
        """Deal with whatever is due by now, then set the timer for the next occurrence
        (never one at or before ``at_least``, the occurrence that just ran)."""
        await self.catch_up(job)
        now = self.clock.now()
        self._plan(job, after=max(now, at_least) if at_least else now)

    def _plan(self, job: RecurringJob, *, after: datetime) -> None:
        occurrence = next_occurrence(job.rule, max(after, job.active_since))
        self._aps.add_job(
            self._run_planned,
            DateTrigger(run_date=self.clock.to_real(occurrence.fires_at)),
            args=(job.key, occurrence),
            id=job.key,
            replace_existing=True,
        )

    async def _run_planned(self, key: str, occurrence: Occurrence) -> None:
        job = self._jobs.get(key)
        if job is None or not self._active:
            return
        try:
            await self.run_occurrence(job, occurrence, late=False)
        finally:
            if self._active and self._jobs.get(key) is job:
                # A timer that fired very late (a suspended machine) may have passed other
                # occurrences: treat them like ones missed while down.
                await self._catch_up_and_plan(job, at_least=occurrence.fires_at)

    # -- the protocol -------------------------------------------------------------------

    async def run_occurrence(
        self, job: RecurringJob, occurrence: Occurrence, *, late: bool
    ) -> bool:
        """Claim, send and record one occurrence. Returns True if this call sent it."""
        now = self.clock.now()
        if not self._same_local_day(job, occurrence, now):
            if await self.store.record_skip(job.key, occurrence, now, "missed its local day"):
                log.info("skipped %s on %s: its local day had passed", job.key, occurrence.key)
            return False
        if not await self.store.claim(job.key, occurrence, self.owner, now, self.lease):
            return False
        return await self._send(job, occurrence, late=late)

    async def _send(self, job: RecurringJob, occurrence: Occurrence, *, late: bool) -> bool:
        fire = Fire(job.key, occurrence, occurrence_nonce(job.key, occurrence.key), late)
        # Shutdown waits for this task, so the send is recorded before the connection closes.
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            return await self._send_and_record(job, occurrence, fire)
        finally:
            if task is not None:
                self._running.discard(task)

    async def _send_and_record(self, job: RecurringJob, occurrence: Occurrence, fire: Fire) -> bool:
        try:
            await job.handler(fire)
        except TargetUnavailable as exc:
            await self.store.finish(
                job.key,
                occurrence.key,
                self.owner,
                "failed",
                self.clock.now(),
                f"target unavailable: HTTP {exc.status}, code {exc.code}",
            )
            await self._stop_unavailable(job, exc)
            return False
        except Exception:
            now = self.clock.now()
            attempts = await self.store.retry_later(
                job.key, occurrence.key, self.owner, now + RETRY_BACKOFF, now
            )
            if attempts >= MAX_ATTEMPTS:
                await self.store.finish(
                    job.key, occurrence.key, self.owner, "failed", now, "gave up after retries"
                )
                log.exception("%s on %s failed for good", job.key, occurrence.key)
            else:
                log.warning("%s on %s failed; will retry", job.key, occurrence.key, exc_info=True)
            return False
        await self.store.finish(job.key, occurrence.key, self.owner, "sent", self.clock.now())
        return True

    async def _stop_unavailable(self, job: RecurringJob, exc: TargetUnavailable) -> None:
        """Stop a job Discord refuses, so the bot does not hit the same wall every day."""
        log.warning("stopped %s: its %s answered HTTP %s", job.key, exc.target.kind, exc.status)
        if self._jobs.get(job.key) is job:
            self.remove(job.key)
        try:
            if job.on_unavailable is not None:
                await job.on_unavailable(exc)
            if self._on_unavailable is not None:
                await self._on_unavailable(job, exc)
        except Exception:
            log.exception("handling the unavailable target of %s failed", job.key)

    async def catch_up(self, job: RecurringJob) -> None:
        """Deal with the occurrences due since this job last ran (or became active)."""
        now = self.clock.now()
        latest = await self.store.latest_fires_at(job.key)
        since = max(job.active_since, latest) if latest else job.active_since
        for occurrence in occurrences_between(job.rule, since, now):
            if not self._active:
                return  # shutting down
            if await self.store.state_of(job.key, occurrence.key) is not None:
                continue
            if self._same_local_day(job, occurrence, now):
                log.info("posting %s for %s late: it was missed", job.key, occurrence.key)
                await self.run_occurrence(job, occurrence, late=True)
            elif await self.store.record_skip(job.key, occurrence, now, "missed while down"):
                log.info("skipped %s on %s: missed while down", job.key, occurrence.key)

    async def sweep(self) -> None:
        """Retry claims whose lease ran out: a crash mid-send, or a transient failure."""
        if not self._active:
            return
        now = self.clock.now()
        for job_key, occurrence_key, fires_at in await self.store.expired_claims(now):
            job = self._jobs.get(job_key)
            if job is None or not self._active:
                continue
            occurrence = Occurrence(date.fromisoformat(occurrence_key), fires_at)
            if not self._same_local_day(job, occurrence, now):
                if await self.store.take_over(job_key, occurrence_key, self.owner, now, self.lease):
                    await self.store.finish(
                        job_key,
                        occurrence_key,
                        self.owner,
                        "failed",
                        now,
                        "claim expired after its local day; it may or may not have been sent",
                    )
                    log.warning("gave up on %s for %s: its day passed", job_key, occurrence_key)
                continue
            if await self.store.take_over(job_key, occurrence_key, self.owner, now, self.lease):
                log.info("retrying %s for %s", job_key, occurrence_key)
                await self._send(job, occurrence, late=True)

    @staticmethod
    def _same_local_day(job: RecurringJob, occurrence: Occurrence, now: datetime) -> bool:
        return local_date_of(now, job.rule.zone) == occurrence.local_date

    # -- clock jumps (tests and the playground) ------------------------------------------

    def _on_clock_jump(self) -> None:
        if not self._active:
            return
        task = asyncio.get_running_loop().create_task(self._replan_all())
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("re-planning after a clock jump failed", exc_info=task.exception())

    async def _replan_all(self) -> None:
        for job in list(self._jobs.values()):
            await self._catch_up_and_plan(job)
