"""The letters that close a round, owed until they are queued: the reveal to both partners
once both answered, or the same kind "not this time" to both after a week (or when the next
occurrence supersedes it); and the kind word to a partner that the other stopped the review.

A round's state changes in one transaction with the answer or the clock that closes it; its
letters go after. ``told_at`` marks them queued, so a crash between the two leaves a round
that :meth:`ClosingLetters.tell_closed` finds on the next timer (and at start-up) and tells
then. The letters' dedupe keys make a second telling queue nothing twice.
"""

from __future__ import annotations

import asyncio

from bot.timing.cadence import next_rounds
from cogs.reviews.cog.base import ReviewsBase, mention, when
from cogs.reviews.repository.pairs import StoredPair
from cogs.reviews.repository.rounds import StoredRound
from cogs.reviews.rounds import RoundState

REVEAL_RECORD_TRIES = 120
REVEAL_RECORD_PAUSE = 0.5  # seconds: a minute in all, for letters sent at once


class ClosingLetters(ReviewsBase):
    """Telling both partners how a round ended, once, even across a crash."""

    async def tell_closed(self) -> None:
        """Every closed round whose letters are not yet queued: queue them, then mark it."""
        for stored in await self.rounds.untold():
            self.forget_retries(stored.id)
            if stored.rules.state is RoundState.REVEALED:
                await self.reveal(stored)
            else:
                pair = await self.pairs.get(stored.pair_id)
                if pair is not None:
                    await self.tell_not_this_time(pair, stored)
            await self.rounds.mark_told(stored.id, self.bot.clock.now())

    async def tell_stops(self) -> None:
        """Every partner owed word that the other stopped the review: tell, then mark (the
        letter's dedupe key makes a second telling queue nothing)."""
        for pair in await self.pairs.stops_owed():
            owed = pair.stop_owed_to
            stopper = pair.partner_id if pair.inviter_id == owed else pair.inviter_id
            if owed is not None and stopper is not None:
                await self.letter(
                    owed,
                    f"review-stopped:{pair.id}",
                    content=self.text("stopped_partner", partner=mention(stopper)),
                    guild_id=pair.guild_id,
                )
            await self.pairs.stop_told(pair.id)

    async def reveal(self, stored: StoredRound) -> None:
        """Both answered: each partner gets, by DM, their own answers and the other's, each
        in its own embed (one partner's words fill most of one embed's room)."""
        pair = await self.pairs.get(stored.pair_id)
        guild_id = None if pair is None else pair.guild_id
        for viewer in stored.rules.members:
            seen = await self.rounds.view(stored.id, viewer)
            if seen is None or seen.partner is None or seen.own.complete is None:
                continue
            other = next(m for m in stored.rules.members if m != viewer)
            name = await self.name_of(other)
            intro = self.text("reveal_title", partner=mention(other))
            await self.letter(
                viewer,
                f"review-reveal:{stored.id}:own",
                content=f"**{intro}**\n{self.text('reveal_intro')}",
                embed=self.answers_embed(seen.own.complete, self.text("reveal_yours")),
                guild_id=guild_id,
            )
            await self.letter(
                viewer,
                f"review-reveal:{stored.id}:partner",
                embed=self.answers_embed(seen.partner, self.text("reveal_theirs", partner=name)),
                about=(other,),
                guild_id=guild_id,
            )
        self.bot.spawn(self._record_reveal(stored), name=f"review-reveal:{stored.id}")

    async def _record_reveal(self, stored: StoredRound) -> None:
        """Which messages the reveal went out as, once sent, so a partner's /mydata delete
        can take the ones that carry their words (a reveal held by quiet hours or a pause is
        found by its partner letter at deletion time instead)."""
        delivery = self.bot.delivery
        todo = {(viewer, kind) for viewer in stored.rules.members for kind in ("own", "partner")}
        for _ in range(REVEAL_RECORD_TRIES):
            for viewer, kind in sorted(todo):
                sent = await delivery.sent_message(viewer, f"review-reveal:{stored.id}:{kind}")
                if sent is None:
                    continue
                todo.discard((viewer, kind))
                if kind == "own":
                    await self.rounds.mark_own(stored.id, viewer, *sent)
                else:
                    other = next(m for m in stored.rules.members if m != viewer)
                    await self.rounds.mark_shown(stored.id, other, *sent)
            if not todo:
                return
            await asyncio.sleep(REVEAL_RECORD_PAUSE)

    async def tell_not_this_time(self, pair: StoredPair, stored: StoredRound) -> None:
        """The same kind words to both: nobody is named as the one who did not answer."""
        schedule = pair.schedule
        upcoming = next_rounds(
            schedule.rule, schedule.cadence, schedule.anchor, self.bot.clock.now(), 1
        )
        next_at = when(upcoming[0].fires_at) if upcoming else ""
        for member in stored.rules.members:
            if member:
                await self.letter(
                    member,
                    f"review-closed:{stored.id}",
                    content=self.text(
                        "not_this_time",
                        partner=mention(other_partner(stored, member)),
                        when=next_at,
                    ),
                    guild_id=pair.guild_id,
                )


def other_partner(stored: StoredRound, member: int) -> int:
    first, second = stored.rules.members
    return second if member == first else first
