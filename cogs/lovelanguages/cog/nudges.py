"""/lovelanguage nudges: a weekly DM with one small idea for someone who shared here.

Nudges go through ``bot.delivery`` like every DM, so consent, quiet hours, the weekly limit
and closed DMs are handled there; the scheduler runs the weekly round.
"""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.checks import server_of
from bot.outbound.delivery import Letter
from bot.outbound.scheduler import Fire
from bot.timing.recurrence import Recurrence
from cogs.lovelanguages.cog.base import LoveLanguagesBase
from cogs.lovelanguages.kinds import NUDGE_KIND
from cogs.lovelanguages.repository import Result

NUDGE_EVERY = timedelta(days=7)
NUDGE_JOB = "lovelanguages:nudges"
NUDGE_TIME = Recurrence(time(17, 0), frozenset(range(7)), ZoneInfo("UTC"))


class Nudges(LoveLanguagesBase):
    """Turning nudges on and off, and sending the week's round."""

    nudges = app_commands.Group(name="nudges", description="A weekly idea by DM")

    @nudges.command(name="on")
    @app_commands.guild_only()
    async def nudges_on(self, interaction: discord.Interaction[Kindred]) -> None:
        """Get a weekly DM with one small idea for someone here who shared their profile."""
        guild_id, _ = server_of(interaction)
        await self.bot.members.allow(interaction.user.id, NUDGE_KIND)
        await self.store.subscribe(interaction.user.id, guild_id, True)
        await interaction.response.send_message(self.text("nudges_on"), ephemeral=True)

    @nudges.command(name="off")
    @app_commands.guild_only()
    async def nudges_off(self, interaction: discord.Interaction[Kindred]) -> None:
        """Stop the weekly nudges from this server."""
        guild_id, _ = server_of(interaction)
        user_id = interaction.user.id
        await self.store.subscribe(user_id, guild_id, False)
        if not await self.store.subscriptions_for(user_id):
            await self.bot.members.disallow(user_id, NUDGE_KIND)
        await interaction.response.send_message(self.text("nudges_off"), ephemeral=True)

    async def _nudge_run(self, fire: Fire) -> None:
        await self.send_nudges()

    async def send_nudges(self) -> int:
        """One nudge to every subscriber whose last one is a week old; returns how many."""
        now = self.bot.clock.now()
        week = now.isocalendar()
        sent = 0
        for user_id, guild_id in await self.store.due_subscriptions(now, NUDGE_EVERY):
            subject = await self._nudge_subject(user_id, guild_id)
            if subject is None:
                continue
            language = subject.receive.primary[0]
            [tip] = self.tips.choose(
                language, "friend", 1, seed=f"{user_id}:{subject.user_id}:{week}"
            )
            outcome = await self.bot.delivery.send(
                Letter(
                    user_id,
                    NUDGE_KIND,
                    content=self.text(
                        "nudge",
                        member=f"<@{subject.user_id}>",
                        language=self.quiz.languages[language].name,
                        tip=tip.text,
                    ),
                    guild_id=guild_id,
                    topic="love_languages",
                    dedupe_key=f"nudge:{guild_id}:{week.year}-{week.week}",
                    about=(subject.user_id,),
                )
            )
            if outcome.queued:
                await self.store.record_nudge(user_id, guild_id, subject.user_id)
                sent += 1
        return sent

    async def _nudge_subject(self, user_id: int, guild_id: int) -> Result | None:
        """Someone who shared here, not the member, not on either's do-not-pair list, and
        the one this member was nudged about least recently."""
        mine = await self.bot.members.get(user_id)
        last = await self.store.last_nudged_about(user_id, guild_id)
        candidates = []
        for result in await self.store.shared_results(guild_id):
            if result.user_id == user_id or result.user_id in mine.dont_pair:
                continue
            theirs = await self.bot.members.get(result.user_id)
            if user_id in theirs.dont_pair:
                continue
            candidates.append(result)
        if not candidates:
            return None
        never = self.bot.clock.now() - timedelta(days=36500)
        return min(candidates, key=lambda r: (last.get(r.user_id, never), r.user_id))
