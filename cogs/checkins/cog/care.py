"""Care, not alarms: after three very low moods within seven days, the member's own reply
gently suggests talking to someone they trust or a professional, with where to find help in
their locale and the clear line that Kindred is not an emergency service.

Once per hard stretch (``care.should_suggest``, remembered in the check-in's
``care_offered``), only in the member's own private reply: never a message to anyone else,
never a diagnosis. The words are the shipped ``resources.json``, reviewed against
safe-messaging guidance.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import discord
from discord.ext import commands

from cogs.checkins.care import WINDOW, care_message, should_suggest
from cogs.checkins.cog.base import CheckinsBase
from cogs.checkins.content import DEFAULT_LOCALE
from cogs.checkins.moods import Mood
from cogs.checkins.repository.checkins import Checkin

#: How many members' locales are remembered at once (the most recent presses win).
LOCALES_KEPT = 1000


class Care(CheckinsBase):
    """The gentle suggestion added to an answered check-in's reply."""

    #: Each member's locale, as their latest interaction with Kindred said: Discord sends it
    #: with every press, and the suggestion is written for it. Kept in memory only.
    locales: OrderedDict[int, str]

    @commands.Cog.listener("on_interaction")
    async def remember_locale(self, interaction: discord.Interaction[Any]) -> None:
        """Discord sends the member's locale with every press. discord.py runs this listener
        as soon as the press's own handler first waits (a database write comes long before
        the reply), so the reply knows the locale of the press that answered."""
        self.locales[interaction.user.id] = str(interaction.locale)
        self.locales.move_to_end(interaction.user.id)
        while len(self.locales) > LOCALES_KEPT:
            self.locales.popitem(last=False)

    async def after_answer(self, checkin: Checkin) -> str | None:
        answered = await self.checkins.get(checkin.id)  # as saved, whatever the caller holds
        if answered is None or answered.mood is not Mood.VERY_LOW or answered.answered_at is None:
            return None
        now = answered.answered_at
        moods = await self.checkins.moods_since(checkin.user_id, now - WINDOW)
        last = await self.checkins.last_care_offered_at(checkin.user_id)
        if not should_suggest(moods, now, last):
            return None
        await self.checkins.mark_care_offered(checkin.id)
        locale = self.locales.get(checkin.user_id, DEFAULT_LOCALE)
        return care_message(self.content.resources(locale))
