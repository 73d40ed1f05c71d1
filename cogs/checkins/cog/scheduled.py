"""A member's scheduled check-in, sent: the recurring source serving the schedules' table,
one DM per occurrence through ``bot.delivery``, and the daily purge of expired notes.

The engine claims each occurrence once (across restarts and processes), so ``send_checkin``
runs once per occurrence; if it runs again after a crash, the check-in's row (one per
occurrence) and the letter's dedupe key (one per occurrence) make it send nothing twice.
The letter is one the member asked for (``asked_for``): it does not count toward their weekly
DM limit, but consent, closed DMs, quiet hours and a pause still apply, and a check-in held
past ``EXPIRES_AFTER`` is dropped, never sent late.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.outbound.delivery import Letter
from bot.outbound.pacer import TargetUnavailable
from bot.outbound.recurring_sources import Advance, SourceSchedule
from bot.outbound.scheduler import Fire, RecurringJob
from bot.timing.recurrence import Recurrence
from cogs.checkins.cog.flow import CheckinFlow, dedupe_key_of
from cogs.checkins.kinds import CHECKIN_KIND
from cogs.checkins.repository.schedules import (
    SOURCE_NAME,
    CheckinScheduleStore,
    Due,
    Move,
    key_of,
    user_of,
)
from cogs.checkins.views import letter_buttons, mood_buttons

EXPIRES_AFTER = timedelta(hours=18)
PURGE_JOB = "checkins:purge-notes"
PURGE_TIME = Recurrence(time(3, 30), frozenset(range(7)), ZoneInfo("UTC"))


class CheckinSource:
    """The schedules' table as the engine's :class:`RecurringSource` (a thin adapter)."""

    name = SOURCE_NAME

    def __init__(self, cog: ScheduledCheckins, store: CheckinScheduleStore, what: str) -> None:
        self._cog = cog
        self._store = store
        self.what = what

    async def due_by(self, until: datetime, limit: int) -> Sequence[SourceSchedule]:
        return [_source_schedule(due) for due in await self._store.due_by(until, limit)]

    async def next_due_at(self) -> datetime | None:
        return await self._store.next_due_at()

    async def schedule(self, job_key: str) -> SourceSchedule | None:
        due = await self._store.active(user_of(job_key))
        return _source_schedule(due) if due is not None else None

    async def advance(self, moves: Sequence[Advance]) -> None:
        await self._store.advance(
            [Move(user_of(m.job_key), m.read_since, m.since, m.next_fire_at) for m in moves]
        )

    async def fire(self, fire: Fire) -> None:
        await self._cog.send_checkin(fire)

    async def unavailable(self, job_key: str, exc: TargetUnavailable) -> None:
        del exc  # a DM is delivery's to send: this is only reached if that ever changes
        await self._store.refused(user_of(job_key))


def _source_schedule(due: Due) -> SourceSchedule:
    return SourceSchedule(key_of(due.schedule.user_id), due.schedule.rule, due.since)


class ScheduledCheckins(CheckinFlow):
    """Sending a scheduled check-in, and forgetting notes when they expire."""

    def checkin_source(self) -> CheckinSource:
        return CheckinSource(self, self.schedules, self.text("source_what"))

    async def send_checkin(self, fire: Fire) -> None:
        user_id = user_of(fire.job_key)
        schedule = await self.schedules.get(user_id)
        if schedule is None:  # stopped since it was listed
            return
        occurrence = fire.occurrence.key
        now = self.bot.clock.now()
        checkin = await self.checkins.ask(user_id, schedule.zone, now, occurrence)
        if checkin is None:  # a retry after a crash: the same check-in, the same letter key
            checkin = await self.checkins.by_occurrence(user_id, occurrence)
            if checkin is None or checkin.answered:
                return
        outcome = await self.bot.delivery.send(
            Letter(
                user_id,
                CHECKIN_KIND,
                content=self.text("question_scheduled"),
                buttons=letter_buttons(mood_buttons(self.content), checkin.id),
                dedupe_key=dedupe_key_of(occurrence),
                asked_for=True,
                expires_at=fire.occurrence.fires_at + EXPIRES_AFTER,
            )
        )
        if outcome.refusal is not None:
            # Never asked (no consent, DMs closed, held too long): no row, no gap.
            await self.checkins.forget_unsent(checkin.id)

    def purge_job(self, now: datetime) -> RecurringJob:
        return RecurringJob(PURGE_JOB, PURGE_TIME, self._purge, now, what="note expiry")

    async def _purge(self, fire: Fire) -> None:
        del fire
        now = self.bot.clock.now()
        await self.checkins.purge_expired_notes(now)
        await self.buddies.forget_ended_rests(now)
