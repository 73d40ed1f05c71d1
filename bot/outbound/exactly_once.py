"""Claim, send, record: how one scheduled occurrence is sent exactly once.

1. **Claim** — insert the occurrence's row in ``occurrences``; only the process whose insert
   succeeds may send (:mod:`bot.outbound.occurrence_claims`).
2. **Send** with a nonce derived from (job, local date), which Discord uses to refuse a
   second identical message (``enforce_nonce``), so a retry after a crash between "sent"
   and "recorded" does not post twice. A job that DMs hands a letter to ``bot.delivery``
   instead, whose own nonce and dedupe key do the same.
3. **Record** the row as ``sent``.

A claim carries the engine's lease. If the process dies between 1 and 3, the lease runs out
and the sweep takes the claim over and sends again with the same nonce, as long as it is
still the same local day. A transient failure gives the claim back until the policy's
back-off has passed; a target Discord refuses for good (403/404) is ``failed`` and its job
stopped.

Per-channel jobs go through this one occurrence at a time; a recurring source of per-member
schedules goes through it a batch at a time (:meth:`OccurrenceSender.run_many`), which keeps
the same three steps but makes each one a single transaction for the whole batch.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.outbound.engine import OutboundEngine
from bot.outbound.occurrence_claims import OccurrenceStore
from bot.outbound.pacer import TargetUnavailable
from bot.timing.recurrence import Occurrence, Recurrence, local_date_of

log = logging.getLogger(__name__)

NONCE_LENGTH = 25  # Discord's maximum


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


@dataclass(frozen=True, slots=True)
class Due:
    """One occurrence of one job that a batch should claim and send."""

    job: RecurringJob
    occurrence: Occurrence
    late: bool


JobStopper = Callable[[RecurringJob, TargetUnavailable], Awaitable[None]]


def occurrence_nonce(job_key: str, occurrence_key: str) -> str:
    digest = hashlib.sha256(f"{job_key}|{occurrence_key}".encode()).hexdigest()
    return digest[:NONCE_LENGTH]


def same_local_day(job: RecurringJob, occurrence: Occurrence, now: datetime) -> bool:
    """An occurrence may still go out late only on the local day it was meant for."""
    return local_date_of(now, job.rule.zone) == occurrence.local_date


class OccurrenceSender:
    """The three steps, over the claim store, with the engine's owner, lease and policy."""

    def __init__(
        self, store: OccurrenceStore, engine: OutboundEngine, stop_job: JobStopper
    ) -> None:
        self.store = store
        self._engine = engine
        self._stop_job = stop_job

    async def run_occurrence(
        self, job: RecurringJob, occurrence: Occurrence, *, late: bool
    ) -> bool:
        """Claim, send and record one occurrence. Returns True if this call sent it."""
        engine = self._engine
        now = engine.clock.now()
        if not same_local_day(job, occurrence, now):
            if await self.store.record_skip(job.key, occurrence, now, "missed its local day"):
                log.info("skipped %s on %s: its local day had passed", job.key, occurrence.key)
            return False
        if not await self.store.claim(job.key, occurrence, engine.owner, now, engine.policy.lease):
            return False
        return await self.send_claimed(job, occurrence, late=late)

    async def send_claimed(self, job: RecurringJob, occurrence: Occurrence, *, late: bool) -> bool:
        """Send an occurrence whose claim this process holds, and record it."""
        # Shutdown waits for this, so the send is recorded before the connection closes.
        with self._engine.tasks.under_way():
            if not await self._attempt(job, occurrence, late=late):
                return False
            await self.store.finish(
                job.key, occurrence.key, self._engine.owner, "sent", self._engine.clock.now()
            )
            return True

    async def run_many(self, batch: Sequence[Due]) -> int:
        """Claim a batch in one transaction, send the occurrences won side by side, and
        record the sent ones together; returns how many were sent. The caller has already
        applied the same-local-day rule."""
        if not batch:
            return 0
        engine = self._engine
        with engine.tasks.under_way():
            won = await self.store.claim_many(
                [(due.job.key, due.occurrence) for due in batch],
                engine.owner,
                engine.clock.now(),
                engine.policy.lease,
            )
            mine = [due for due in batch if (due.job.key, due.occurrence.key) in won]
            results = await asyncio.gather(
                *(self._attempt(due.job, due.occurrence, late=due.late) for due in mine)
            )
            sent = [
                (due.job.key, due.occurrence.key)
                for due, ok in zip(mine, results, strict=True)
                if ok
            ]
            await self.store.finish_many(sent, engine.owner, "sent", engine.clock.now())
            return len(sent)

    async def _attempt(self, job: RecurringJob, occurrence: Occurrence, *, late: bool) -> bool:
        """Call the handler; on failure, record what the policy says. True if it went out."""
        engine = self._engine
        fire = Fire(job.key, occurrence, occurrence_nonce(job.key, occurrence.key), late)
        try:
            await job.handler(fire)
        except TargetUnavailable as exc:
            await self.store.finish(
                job.key,
                occurrence.key,
                engine.owner,
                "failed",
                engine.clock.now(),
                f"target unavailable: HTTP {exc.status}, code {exc.code}",
            )
            log.warning("stopped %s: its %s answered HTTP %s", job.key, exc.target.kind, exc.status)
            await self._stop_job(job, exc)
            return False
        except Exception:
            now = engine.clock.now()
            attempts = await self.store.retry_later(
                job.key, occurrence.key, engine.owner, engine.policy, now
            )
            if engine.policy.gives_up(attempts):
                await self.store.finish(
                    job.key, occurrence.key, engine.owner, "failed", now, "gave up after retries"
                )
                log.exception("%s on %s failed for good", job.key, occurrence.key)
            else:
                log.warning("%s on %s failed; will retry", job.key, occurrence.key, exc_info=True)
            return False
        return True
