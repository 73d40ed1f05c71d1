"""The one engine that sends things on time: scheduled posts, per-member schedules, letters.

Scheduled posts and private letters both claim a row with a lease, retry a transient
failure after a back-off, give up after a number of attempts, run in the background and
must finish their send before the connection closes. They share this engine, so those
rules exist once (:class:`RetryPolicy`, :class:`~bot.outbound.background.BackgroundTasks`,
:meth:`OutboundEngine.shutdown`).

The database is the source of truth; APScheduler only holds timers, one per piece of
*planned work* — a per-channel job, a recurring source of per-member schedules, the
letters queue, the sweep of expired claims — and never one per member. A piece of work,
when run, does whatever is due by now and answers when it is next due; the engine sets its
timer for that moment. It is also woken at once when its service asks (a new letter) and
whenever the clock jumps (tests move time). Runs of one piece of work never overlap: a
wake during a run runs it once more afterwards.

Nothing runs before :meth:`OutboundEngine.activate` (the bot calls it once connected, so
``python -m bot sync`` never sends anything), and :meth:`OutboundEngine.shutdown` stops in
the order the promises need: no new runs, sends under way finish (their records are
written), APScheduler stops, the rest is cancelled.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.outbound.background import BackgroundTasks
from bot.timing.clock import Clock

log = logging.getLogger(__name__)

DRAIN_SECONDS = 10.0

#: Does what is due by now; returns when it is next due (None: only when woken).
WorkRun = Callable[[], Awaitable[datetime | None]]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How long a claim holds, how soon a failed send is tried again, and when to stop.

    A claim whose lease ran out belongs to a process that died or gave the send back, so
    another process may take it over; the back-off grows with each attempt so a struggling
    Discord is not hammered.
    """

    lease: timedelta = timedelta(minutes=2)
    backoff: timedelta = timedelta(seconds=30)
    max_attempts: int = 5

    def retry_at(self, now: datetime, attempts: int) -> datetime:
        """When to try again after ``attempts`` tries have failed."""
        return now + self.backoff * max(attempts, 1)

    def gives_up(self, attempts: int) -> bool:
        return attempts >= self.max_attempts


def process_owner() -> str:
    """A name for this process in claims, unique even when a pid is reused."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(eq=False)
class _Work:
    key: str
    run: WorkRun
    max_wait: timedelta | None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class OutboundEngine:
    """APScheduler timers in front of planned work, with one retry policy and one shutdown."""

    def __init__(
        self, clock: Clock, *, policy: RetryPolicy | None = None, owner: str | None = None
    ) -> None:
        self.clock = clock
        self.policy = policy or RetryPolicy()
        self.owner = owner or process_owner()
        self.tasks = BackgroundTasks(log)
        self._aps = AsyncIOScheduler(
            timezone="UTC",
            job_defaults={
                # Each piece of work decides for itself what is late, so APScheduler must
                # never drop a late run on its own (its default grace is one second).
                "misfire_grace_time": None,
                "coalesce": True,
                "max_instances": 1,
            },
        )
        self._work: dict[str, _Work] = {}
        self._due: dict[str, datetime] = {}
        self._woken: set[str] = set()
        self._active = False
        self._stopped = False
        clock.subscribe(self._clock_jumped)

    @property
    def active(self) -> bool:
        """Running work is allowed: activated and not shutting down."""
        return self._active

    @property
    def stopping(self) -> bool:
        return self._stopped

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        """Start APScheduler; it needs the running loop, so the bot calls this from
        ``setup_hook``. Timers planned before it are set now."""
        if self._stopped or self._aps.running:
            return
        self._aps.start()
        for key, when in self._due.items():
            self._set_aps_timer(key, when)

    async def activate(self) -> None:
        """Run every piece of work once (catching up what is due) and plan its timer;
        from now on, work added is run by whoever adds it."""
        if self._stopped:
            return
        self._active = True
        for key in list(self._work):
            await self.run(key)

    async def shutdown(self, drain_seconds: float = DRAIN_SECONDS) -> None:
        """Stop planning, let sends already under way finish (so their record is written),
        stop APScheduler, then cancel whatever is still running."""
        if self._stopped:
            return
        self._stopped = True
        self._active = False
        self.clock.unsubscribe(self._clock_jumped)
        if self._aps.running:
            self._aps.pause()
        await self.tasks.drain(drain_seconds)
        if self._aps.running:
            self._aps.shutdown(wait=False)
        await self.tasks.cancel()

    # -- planned work -------------------------------------------------------------------

    def plan(self, key: str, run: WorkRun, *, max_wait: timedelta | None = None) -> None:
        """Register (or replace) a piece of work; it first runs at activation, or when the
        caller runs or wakes it. ``max_wait`` caps the wait between runs, for work that can
        become due without telling this process (another process shares the database)."""
        self._work[key] = _Work(key, run, max_wait)

    def drop(self, key: str) -> None:
        """Forget a piece of work and its timer; a run under way finishes but plans nothing."""
        self._work.pop(key, None)
        self._due.pop(key, None)
        self._woken.discard(key)
        if self._aps.get_job(key) is not None:
            self._aps.remove_job(key)

    def has(self, key: str) -> bool:
        return key in self._work

    async def run(self, key: str) -> None:
        """Run a piece of work now, in this task, after any run of it under way; then set
        its timer. A failure is logged and retried after the back-off."""
        work = self._work.get(key)
        if work is None:
            return
        async with work.lock:
            self._woken.discard(key)
            if not self._active or self._work.get(key) is not work:
                return
            with self.tasks.under_way():
                try:
                    next_at = await work.run()
                except Exception:
                    log.exception("%s failed; trying again in %s", key, self.policy.backoff)
                    next_at = self.clock.now() + self.policy.backoff
            if self._active and self._work.get(key) is work:
                self._set_timer(work, next_at)

    def wake(self, key: str) -> None:
        """Run a piece of work soon, in the background (wakes coalesce until it starts)."""
        if not self._active or key not in self._work or key in self._woken:
            return
        self._woken.add(key)
        self.tasks.spawn(self.run(key), name=f"outbound:{key}")

    def next_run_at(self, key: str) -> datetime | None:
        """When the timer of a piece of work rings, in the clock's time."""
        return self._due.get(key)

    def timer_keys(self) -> list[str]:
        """The APScheduler jobs that exist: one per piece of planned work, at most."""
        return sorted(job.id for job in self._aps.get_jobs())

    def _set_timer(self, work: _Work, next_at: datetime | None) -> None:
        if work.max_wait is not None:
            cap = self.clock.now() + work.max_wait
            next_at = cap if next_at is None else min(next_at, cap)
        if next_at is None:
            self._due.pop(work.key, None)
            if self._aps.get_job(work.key) is not None:
                self._aps.remove_job(work.key)
            return
        self._due[work.key] = next_at
        if self._aps.running:
            self._set_aps_timer(work.key, next_at)

    def _set_aps_timer(self, key: str, when: datetime) -> None:
        self._aps.add_job(
            self._timer_rang,
            DateTrigger(run_date=self.clock.to_real(when)),
            args=(key,),
            id=key,
            replace_existing=True,
        )

    async def _timer_rang(self, key: str) -> None:
        # A coroutine, so APScheduler calls it on the loop rather than in a thread.
        self.wake(key)

    def _clock_jumped(self) -> None:
        for key in list(self._work):
            self.wake(key)
