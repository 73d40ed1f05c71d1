"""The rounds on the clock: one round per occurrence of a pair's schedule, its letters, the
one reminder a day later, and the closing as "not this time" after a week.

The pairs' schedules are a :class:`~bot.outbound.recurring_sources.RecurringSource` over
``review_pairs``: the engine claims each weekly occurrence once (across restarts and crashes)
and :meth:`ScheduledRounds.open_round_for` makes the round only on the weeks the cadence
picks. The round is made once per occurrence (``UNIQUE (pair_id, occurrence_key)``) and its
letters carry the round's id as their dedupe key, so a retry after a crash finds the round
and queues nothing twice. Reminders and closings are one piece of the engine's planned
work, its timer set to :meth:`RoundStore.next_due`, read from the database, so a restart
keeps them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

import discord

from bot.outbound.pacer import TargetUnavailable
from bot.outbound.recurring_sources import Advance, SourceSchedule
from bot.outbound.scheduler import Fire
from bot.timing.cadence import round_due
from cogs.reviews.cog.base import SOURCE_NAME, TIMERS, mention, when
from cogs.reviews.cog.closing import ClosingLetters, other_partner
from cogs.reviews.repository.pairs import PairStore, StoredPair
from cogs.reviews.repository.rounds import StoredRound
from cogs.reviews.rounds import PairStatus, RoundState
from cogs.reviews.views import round_buttons

log = logging.getLogger(__name__)


def job_key(pair_id: int) -> str:
    return f"{SOURCE_NAME}:{pair_id}"


def pair_of_key(key: str) -> int:
    return int(key.removeprefix(f"{SOURCE_NAME}:"))


class ScheduledRounds(ClosingLetters):
    """Opening rounds, and the reminder and closing timers."""

    async def open_round_for(self, fire: Fire) -> None:
        pair = await self.pairs.get(pair_of_key(fire.job_key))
        if pair is None or pair.status is not PairStatus.ACTIVE:
            return
        schedule = pair.schedule
        if not round_due(schedule.cadence, schedule.anchor, fire.occurrence.local_date):
            return  # a week the cadence skips
        opened = await self.rounds.open(pair.id, fire.occurrence.key, self.bot.clock.now())
        if opened.closed:
            await self.tell_closed()
        fresh = opened.round or await self.rounds.by_occurrence(pair.id, fire.occurrence.key)
        if fresh is not None and fresh.rules.state is RoundState.OPEN:
            await self.ask(pair, fresh)
        self.bot.engine.wake(TIMERS)

    async def ask(self, pair: StoredPair, stored: StoredRound) -> None:
        """The round's letter to each partner (queued once each, however often retried)."""
        for member in stored.rules.members:
            other = other_partner(stored, member)
            embed = discord.Embed(
                title=self.text("round_open_title", partner=await self.name_of(other))[:256],
                description=self.text(
                    "round_open", partner=mention(other), closes=when(stored.rules.closes_at)
                ),
            )
            await self.letter(
                member,
                f"review-round:{stored.id}",
                embed=embed,
                buttons=round_buttons(
                    stored.id, self.text("button_appreciations"), self.text("button_phrase_help")
                ),
                guild_id=pair.guild_id,
                expires_at=stored.rules.closes_at,
            )

    async def run_timers(self) -> datetime | None:
        """Every reminder and closing due now, each once; when the next one falls."""
        now = self.bot.clock.now()
        for stored, member in await self.rounds.reminders_owed(now):
            pair = await self.pairs.get(stored.pair_id)
            other = other_partner(stored, member)
            await self.letter(
                member,
                f"review-remind:{stored.id}",
                content=self.text(
                    "reminder", partner=mention(other), closes=when(stored.rules.closes_at)
                ),
                buttons=round_buttons(
                    stored.id, self.text("button_appreciations"), self.text("button_phrase_help")
                ),
                guild_id=None if pair is None else pair.guild_id,
                expires_at=stored.rules.closes_at,
            )
            await self.rounds.mark_reminded(stored.id, member, now)
        await self.rounds.close_due(now)
        await self.tell_closed()
        await self.tell_stops()
        return await self.rounds.next_due()


class ReviewSource:
    """The pairs' schedules as the engine serves them (see the module's docstring)."""

    name = SOURCE_NAME
    what = "relationship reviews"

    def __init__(self, pairs: PairStore, rounds: ScheduledRounds) -> None:
        self._pairs = pairs
        self._rounds = rounds

    @staticmethod
    def _schedule(pair: StoredPair) -> SourceSchedule:
        since = pair.since if pair.since is not None else pair.created_at
        return SourceSchedule(job_key(pair.id), pair.schedule.rule, since)

    async def due_by(self, until: datetime, limit: int) -> Sequence[SourceSchedule]:
        return [self._schedule(pair) for pair in await self._pairs.due_by(until, limit)]

    async def next_due_at(self) -> datetime | None:
        return await self._pairs.next_due_at()

    async def schedule(self, job_key: str) -> SourceSchedule | None:
        pair = await self._pairs.get(pair_of_key(job_key))
        if pair is None or pair.status is not PairStatus.ACTIVE:
            return None
        return self._schedule(pair)

    async def advance(self, moves: Sequence[Advance]) -> None:
        await self._pairs.advance(
            [(pair_of_key(m.job_key), m.read_since, m.since, m.next_fire_at) for m in moves]
        )

    async def fire(self, fire: Fire) -> None:
        await self._rounds.open_round_for(fire)

    async def unavailable(self, job_key: str, exc: TargetUnavailable) -> None:
        # Letters go through the delivery service, which handles closed DMs itself.
        log.info("%s: Discord refused its target (%s)", job_key, exc.status)
