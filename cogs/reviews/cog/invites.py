"""/review start and the invitation's Accept / Decline.

The invitation is posted where the command was used, naming the partner (without a ping: the
inviter chooses whom it names): Kindred never DMs someone who has not opted in. Accepting
is that opt-in, for both: it grants each the review's DM consent and starts the schedule.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.checks import server_of
from bot.interactions.options import TimeOption, TimezoneOption
from bot.interactions.origin import require_origin
from bot.interactions.user_error import UserFacingError
from bot.timing.cadence import CADENCES, first_round, next_rounds
from cogs.reviews.actions import InviteAction
from cogs.reviews.cog.base import REVIEW_KIND, SOURCE_NAME, ReviewsBase, mention, when
from cogs.reviews.repository.pairs import ReviewSchedule, StoredPair
from cogs.reviews.rounds import ReviewRefusal
from cogs.reviews.views import invite_view

DAY_CHOICES = [
    app_commands.Choice(name=name, value=day)
    for day, name in enumerate(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    )
]
CADENCE_CHOICES = [app_commands.Choice(name=c.capitalize(), value=c) for c in CADENCES]


class InviteCommands(ReviewsBase):
    """/review start, and the partner's answer."""

    def first_round_at(self, pair: StoredPair) -> str:
        schedule = pair.schedule
        [first] = next_rounds(
            schedule.rule, schedule.cadence, schedule.anchor, self.bot.clock.now(), 1
        )
        return when(first.fires_at)

    @app_commands.command(name="start")
    @app_commands.guild_only()
    @app_commands.describe(
        partner="Who you'd like to review your week together with",
        cadence="How often",
        day="The day of the week",
        time="When, in your time zone: 19:00, 7pm",
        timezone="Your time zone, like Europe/London",
    )
    @app_commands.choices(cadence=CADENCE_CHOICES)
    @app_commands.choices(day=DAY_CHOICES)
    async def start(
        self,
        interaction: discord.Interaction[Kindred],
        partner: discord.Member | discord.User,
        cadence: str,
        day: int,
        time: TimeOption,
        timezone: TimezoneOption,
    ) -> None:
        """Invite someone to a regular, private relationship review (they choose to join)."""
        guild_id, channel_id = server_of(interaction)
        inviter = interaction.user
        if partner.id == inviter.id:
            raise UserFacingError(self.text("invite_self"))
        if partner.bot:
            raise UserFacingError(self.text("invite_bot"))
        if cadence not in CADENCES or not 0 <= day <= 6:
            raise UserFacingError(self.text("bad_schedule"))
        if not isinstance(partner, discord.Member) or partner.guild.id != guild_id:
            raise UserFacingError(self.text("invite_not_here"))
        now = self.bot.clock.now()
        draft = ReviewSchedule(cadence, day, time, timezone, now.date())
        anchor = first_round(draft.rule, cadence, now).local_date
        try:
            pair = await self.pairs.invite(
                guild_id=guild_id,
                channel_id=channel_id,
                inviter_id=inviter.id,
                partner_id=partner.id,
                schedule=ReviewSchedule(cadence, day, time, timezone, anchor),
                now=now,
            )
        except ReviewRefusal as exc:
            raise self.refusal(exc) from None
        await interaction.response.send_message(
            self.text(
                "invite",
                inviter=mention(inviter.id),
                partner=mention(partner.id),
                schedule=self.schedule_text(pair),
            ),
            view=invite_view(pair.id, self.text),
            # Named, not pinged: a member chooses whom to invite, so an invitation must not
            # be a way to make Kindred notify someone (the hostile suite's oracle holds it).
            allowed_mentions=discord.AllowedMentions.none(),
        )
        message = await interaction.original_response()
        await self.pairs.set_invite_message(pair.id, message.id)

    async def on_invite(
        self, interaction: discord.Interaction[Any], action: InviteAction, pair_id: int
    ) -> None:
        """Only the invited partner answers, once, on the invitation itself."""
        pair = await self.pairs.get(pair_id)
        if pair is None:
            raise UserFacingError(self.text("invitation_answered"))
        require_origin(
            interaction,
            guild_id=pair.guild_id,
            channel_ids=[pair.channel_id],
            message_id=pair.invite_message_id,
        )
        if interaction.user.id != pair.partner_id:
            raise UserFacingError(self.text("invite_only_partner"))
        accept = action is InviteAction.ACCEPT
        try:
            answered = await self.pairs.answer(
                pair_id, interaction.user.id, accept=accept, now=self.bot.clock.now()
            )
        except ReviewRefusal as exc:
            raise self.refusal(exc) from None
        if accept:
            for member in (answered.inviter_id, answered.partner_id):
                if member is not None:
                    await self.bot.members.allow(member, REVIEW_KIND)
            self.bot.scheduler.source_changed(SOURCE_NAME)
            said = self.text(
                "accepted", partner=mention(interaction.user.id), when=self.first_round_at(answered)
            )
        else:
            said = self.text("declined", partner=mention(interaction.user.id))
        await interaction.response.edit_message(
            content=said, view=None, allowed_mentions=discord.AllowedMentions.none()
        )
