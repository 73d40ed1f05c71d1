"""What every part of the /checkin cog shares: the bot, the feature's stores and words, and
the two seams other parts fill in (``offer_sharing``, ``after_answer``)."""

from __future__ import annotations

from typing import Any

import discord
from discord.ext import commands

from bot.app.client import Kindred
from cogs.checkins.content import CheckinContent
from cogs.checkins.repository.checkins import Checkin, CheckinStore
from cogs.checkins.repository.data_owner import CheckinDataOwner
from cogs.checkins.repository.schedules import CheckinScheduleStore


class CheckinsBase(commands.Cog):
    """The state the cog's parts share; ``Checkins.__init__`` sets it."""

    bot: Kindred
    schedules: CheckinScheduleStore
    checkins: CheckinStore
    data_owner: CheckinDataOwner
    content: CheckinContent

    def text(self, key: str, /, **values: object) -> str:
        return self.bot.messages.get(f"checkins.{key}", **values)

    # -- seams: a later part overrides these (subclassing this base), nothing else -------

    async def offer_sharing(
        self, interaction: discord.Interaction[Any], checkin: Checkin
    ) -> list[discord.ui.Item[Any]]:
        """Buttons put under the validating reply of a check-in answered with a mood (never
        after a Pass), once. None here; the buddies part offers "Share with …?"."""
        del interaction, checkin
        return []

    async def after_answer(
        self, interaction: discord.Interaction[Any], checkin: Checkin
    ) -> str | None:
        """A line added under the reply once a check-in is answered (a mood, or a Pass),
        once; ``interaction.locale`` is the member's. None here; the care part adds its
        gentle suggestion when the care rule says so."""
        del interaction, checkin
        return None
