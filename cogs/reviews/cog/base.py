"""What every part of the /review cog shares: the bot, the stores, the prompts, the words,
and the one way a review letter is sent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord
from discord.ext import commands

from bot.app.client import Kindred
from bot.interactions.user_error import UserFacingError
from bot.outbound.letters import Letter, LetterButton, Outcome
from cogs.reviews.answers import Answers
from cogs.reviews.prompts import ReviewPrompts
from cogs.reviews.repository.pairs import PairStore, StoredPair
from cogs.reviews.repository.rounds import RoundStore
from cogs.reviews.rounds import ReviewRefusal

#: The consent a review letter needs: both partners give it by accepting an invitation.
REVIEW_KIND = "review"
#: The recurring source of the pairs' schedules (its job keys are ``review:<pair id>``).
SOURCE_NAME = "review"
TIMERS = "reviews-timers"
GONE_WORK = "reviews-gone"


def when(moment: datetime, style: str = "F") -> str:
    """A moment as Discord shows it, in each reader's own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def mention(user_id: int) -> str:
    return f"<@{user_id}>"


class ReviewsBase(commands.Cog):
    """The state the cog's parts share; ``Reviews.__init__`` sets it."""

    bot: Kindred
    pairs: PairStore
    rounds: RoundStore
    prompts: ReviewPrompts
    #: What a member typed in a form that needed a change, by (round, member, form): shown
    #: again when they reopen it. Memory only: it is never sealed, stored or logged.
    retries: dict[tuple[int, int, str], tuple[str, ...]]

    def text(self, key: str, /, **values: object) -> str:
        return self.bot.messages.get(f"reviews.{key}", **values)

    def forget_retries(self, round_id: int) -> None:
        """A round that closed keeps nothing typed for it in memory."""
        for key in [key for key in self.retries if key[0] == round_id]:
            del self.retries[key]

    def refusal(self, exc: ReviewRefusal) -> UserFacingError:
        """The rules name a refusal by key; the member reads its sentence."""
        return UserFacingError(self.text(exc.key))

    async def letter(
        self,
        user_id: int,
        dedupe_key: str,
        *,
        content: str = "",
        embed: discord.Embed | None = None,
        buttons: Sequence[LetterButton] = (),
        about: Sequence[int] = (),
        guild_id: int | None = None,
        expires_at: datetime | None = None,
    ) -> Outcome:
        """A review DM, through the delivery service: consent, quiet hours, a pause and closed
        DMs apply; ``dedupe_key`` makes a retry after a crash land once.

        The member asked for these themself (they accepted the review and its schedule), so
        they do not count toward their weekly DM limit; a round's letters are worth sending
        only while the round is open (``expires_at``)."""
        return await self.bot.delivery.send(
            Letter(
                user_id,
                REVIEW_KIND,
                content=content,
                embed=embed,
                buttons=tuple(buttons),
                guild_id=guild_id,
                dedupe_key=dedupe_key,
                about=tuple(about),
                asked_for=True,
                expires_at=expires_at,
            )
        )

    async def name_of(self, user_id: int) -> str:
        """A partner's name for an embed title (a mention would show as raw text there)."""
        user = self.bot.get_user(user_id)
        if user is None:
            try:
                user = await self.bot.fetch_user(user_id)
            except discord.HTTPException:
                return self.text("partner_fallback")
        return user.display_name

    def answers_embed(self, answers: Answers, title: str) -> discord.Embed:
        """One partner's answers: the appreciations in the description, the rest as fields
        (each within Discord's limits: the prompts' lengths fit them, and delivery fits the
        whole)."""
        embed = discord.Embed(
            title=title[:256],
            description="\n".join(f"• {item}" for item in answers.appreciations)[:4096],
            colour=discord.Colour.from_rgb(232, 150, 160),
        )
        embed.add_field(
            name=self.text("field_went_well"), value=answers.went_well[:1024], inline=False
        )
        embed.add_field(
            name=self.text("field_to_work_on"), value=answers.to_work_on[:1024], inline=False
        )
        embed.add_field(
            name=self.text("field_cared_for"), value=answers.cared_for[:1024], inline=False
        )
        embed.set_author(name=self.text("field_appreciations"))
        return embed

    def schedule_text(self, pair: StoredPair) -> str:
        schedule = pair.schedule
        return self.text(
            "schedule",
            cadence=self.text(f"cadence_{schedule.cadence}"),
            day=self.text(f"day_{schedule.weekday}"),
            time=schedule.at.strftime("%H:%M"),
            zone=schedule.zone.key,
        )
