"""Care, not alarms: after three very low moods within seven days, the member's own reply
gently suggests talking to someone they trust or a professional, with where to find help in
their locale and the clear line that Kindred is not an emergency service.

Once per hard stretch (``care.should_suggest``, remembered in the check-in's
``care_offered``), only in the member's own private reply: never a message to anyone else,
never a diagnosis. The words are the shipped ``resources.json``, reviewed against
safe-messaging guidance.
"""

from __future__ import annotations

from typing import Any

import discord

from cogs.checkins.care import WINDOW, care_message, should_suggest
from cogs.checkins.cog.base import CheckinsBase
from cogs.checkins.moods import Mood
from cogs.checkins.repository.checkins import Checkin


class Care(CheckinsBase):
    """The gentle suggestion added to an answered check-in's reply."""

    async def after_answer(
        self, interaction: discord.Interaction[Any], checkin: Checkin
    ) -> str | None:
        answered = await self.checkins.get(checkin.id)  # as saved, whatever the caller holds
        if answered is None or answered.mood is not Mood.VERY_LOW or answered.answered_at is None:
            return None
        now = answered.answered_at
        moods = await self.checkins.moods_since(checkin.user_id, now - WINDOW)
        last = await self.checkins.last_care_offered_at(checkin.user_id)
        if not should_suggest(moods, now, last):
            return None
        await self.checkins.mark_care_offered(checkin.id)
        # Discord sends the member's locale with every press: the words are for them.
        return care_message(self.content.resources(str(interaction.locale)))
