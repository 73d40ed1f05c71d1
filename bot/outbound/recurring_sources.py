"""Schedules kept in a feature's table, served by one timer: per-member jobs at scale.

A daily DM at 21:00 in each member's own zone is one schedule per member. Ten
thousand of them as ten thousand APScheduler jobs would cost memory and start-up time for
every member, whether due today or not. Instead the feature keeps its schedules in its own
table, with an indexed column saying when each is next due, and registers a
:class:`RecurringSource` over it with ``bot.scheduler.add_source``. The engine keeps one
timer for the whole source, set to its earliest next-due time; when it rings, the source
lists what is due (a batch at a time), and each due occurrence is claimed, sent and
recorded in ``occurrences`` exactly like a per-channel job's: the same local-day rule, late
posting on the same day, skipping with a log line otherwise, the same nonce, the same lease
and sweep after a crash (:mod:`bot.outbound.exactly_once`). The engine then tells the
source how far each schedule has got and when it is next due, and the feature writes that
back. Memory and timers stay constant; the cost is the rows.

A schedule's ``since`` is its cursor: occurrences at or before it are done with. A feature
sets it to "now" when a member creates, changes or resumes a schedule (so nothing before is
caught up), with ``next_fire_at`` from :func:`~bot.timing.recurrence.first_fire_at`, and calls
``bot.scheduler.source_changed(name)`` so the timer is set again if that is sooner. A
handler that DMs sends a :class:`~bot.outbound.letters.Letter` through ``bot.delivery``, so
consent, quiet hours and the weekly limit still apply, with the fire's nonce as its dedupe
key so a resend after a crash is queued once.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.outbound.engine import OutboundEngine
from bot.outbound.exactly_once import Due, Fire, OccurrenceSender, RecurringJob, same_local_day
from bot.outbound.pacer import TargetUnavailable
from bot.timing.recurrence import Occurrence, Recurrence, due_and_next, first_fire_at

__all__ = ["Advance", "RecurringSource", "SourceRunner", "SourceSchedule", "first_fire_at"]

log = logging.getLogger(__name__)

BATCH = 200
# An occurrence that fired this long ago can no longer be on today's local date anywhere
# (zones span UTC-12 to UTC+14), so after a long stop only the last two days are recorded.
_STALE = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class SourceSchedule:
    """One schedule of a source, as the engine needs it.

    ``job_key`` must start with the source's name and a colon (``reminder:1234``): the sweep
    finds the source of an expired claim by it. Occurrences at or before ``since`` are done
    with.
    """

    job_key: str
    rule: Recurrence
    since: datetime


@dataclass(frozen=True, slots=True)
class Advance:
    """How far a schedule has got, for its source to write back.

    The source applies it only if the row's ``since`` is still ``read_since``: a member who
    changed their schedule meanwhile keeps the change (it set a newer ``since``).
    """

    job_key: str
    read_since: datetime
    since: datetime
    next_fire_at: datetime


class RecurringSource(Protocol):
    """A feature's table of recurring schedules (see the module's docstring)."""

    @property
    def name(self) -> str:
        """Prefix of its job keys, unique among sources, without a colon."""

    @property
    def what(self) -> str:
        """What its posts are, for an admin told that a channel refused them."""

    async def due_by(self, until: datetime, limit: int) -> Sequence[SourceSchedule]:
        """Up to ``limit`` schedules whose next fire is at or before ``until``, earliest
        first (an index on the next-fire column keeps this cheap)."""

    async def next_due_at(self) -> datetime | None:
        """The earliest next fire of all its schedules, or None if it has none."""

    async def schedule(self, job_key: str) -> SourceSchedule | None:
        """One schedule by key (the sweep retries an expired claim with it), if it exists
        and is active."""

    async def advance(self, moves: Sequence[Advance]) -> None:
        """Write back how far schedules have got (one transaction for the lot)."""

    async def fire(self, fire: Fire) -> None:
        """Send one occurrence of one schedule (``fire.job_key`` says whose)."""

    async def unavailable(self, job_key: str, exc: TargetUnavailable) -> None:
        """Discord refused a schedule's target for good: pause that schedule in the table."""


class SourceRunner:
    """The engine's planned work for one source: serve what is due, answer the next due."""

    def __init__(
        self, source: RecurringSource, sender: OccurrenceSender, engine: OutboundEngine
    ) -> None:
        if not source.name or ":" in source.name:
            raise ValueError(f"a source's name is a job-key prefix, no colon: {source.name!r}")
        self.source = source
        self._sender = sender
        self._engine = engine
        # The clock time up to which everything due was listed by this process; an
        # occurrence at or before it that shows up now was missed (posted "late").
        self._listed_until: datetime | None = None

    @property
    def work_key(self) -> str:
        return f"source:{self.source.name}"

    def owns(self, job_key: str) -> bool:
        return job_key.startswith(f"{self.source.name}:")

    def job(self, schedule: SourceSchedule) -> RecurringJob:
        """A schedule in the form the claim/send/record steps take."""
        return RecurringJob(
            schedule.job_key,
            schedule.rule,
            self.source.fire,
            schedule.since,
            on_unavailable=functools.partial(self.source.unavailable, schedule.job_key),
            what=self.source.what,
        )

    async def job_for(self, job_key: str) -> RecurringJob | None:
        schedule = await self.source.schedule(job_key)
        return self.job(schedule) if schedule is not None else None

    async def run(self) -> datetime | None:
        """Serve every schedule due by now, a batch at a time; the source's next due time."""
        served: set[str] = set()
        missed = skipped = 0
        now = self._engine.clock.now()
        while self._engine.active:
            now = self._engine.clock.now()
            due = await self.source.due_by(now, BATCH)
            fresh = [schedule for schedule in due if schedule.job_key not in served]
            if fresh:
                late, passed = await self._serve(fresh, now)
                missed, skipped = missed + late, skipped + passed
                served.update(schedule.job_key for schedule in fresh)
            if len(fresh) < BATCH:
                break
        if not self._engine.active:
            return None  # shutting down: nothing is planned any more
        self._listed_until = now
        name = self.source.name
        if skipped:
            log.info("skipped %d %s occurrence(s): their local day had passed", skipped, name)
        if missed:
            log.info("posted %d %s occurrence(s) late: they were missed", missed, name)
        next_at = await self.source.next_due_at()
        if next_at is not None and next_at <= now:
            # Everything due by ``now`` was served and moved on, so the source did not
            # write back what it was told; looking again at once would spin.
            log.error("source %s lists schedules it was told had moved on", name)
            return now + self._engine.policy.backoff
        return next_at

    async def _serve(self, batch: Sequence[SourceSchedule], now: datetime) -> tuple[int, int]:
        """Send a batch's due occurrences; returns how many went late and how many were
        skipped."""
        listed_until = self._listed_until
        todo: list[Due] = []
        skipped: list[tuple[str, Occurrence]] = []
        moves: list[Advance] = []
        for schedule in batch:
            if not self.owns(schedule.job_key):
                raise ValueError(f"{schedule.job_key!r} is not a job key of {self.source.name}")
            job = self.job(schedule)
            start = max(schedule.since, now - _STALE)
            occurrences, following = due_and_next(schedule.rule, start, now)
            for occurrence in occurrences:
                if same_local_day(job, occurrence, now):
                    late = listed_until is None or occurrence.fires_at <= listed_until
                    todo.append(Due(job, occurrence, late))
                else:
                    skipped.append((job.key, occurrence))
            through = occurrences[-1].fires_at if occurrences else start
            moves.append(Advance(schedule.job_key, schedule.since, through, following.fires_at))
        marked = await self._sender.store.record_skips(skipped, now, "missed its local day")
        await self._sender.run_many(todo)
        # Only now: a crash before this leaves the schedules due, and their claims (or the
        # sweep) make sure nothing is sent twice when they are listed again.
        await self.source.advance(moves)
        return sum(1 for due in todo if due.late), len(marked)
