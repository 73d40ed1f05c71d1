"""/checkin now and /checkin history: a check-in right where it was asked for, and the chart.

Both answer privately: ephemeral in a server or a private channel, a plain reply in the DM
with Kindred (nobody else is there). Neither needs a DM, so both work with closed DMs and for
a member who shares no server with Kindred (a user install).
"""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.user_error import UserFacingError
from cogs.checkins.chart import mood_chart
from cogs.checkins.cog.schedules import ScheduleCommands
from cogs.checkins.history import as_text, series
from cogs.checkins.views import mood_buttons, view_of

HISTORY_MIN_DAYS = 7
HISTORY_MAX_DAYS = 60
HISTORY_DEFAULT_DAYS = 30
UTC = ZoneInfo("UTC")
#: Where an interaction comes from when it is the member's own DM with Kindred (context 1);
#: a DM between two people, with Kindred as a user-installed app, is a private channel.
BOT_DM = app_commands.AppCommandContext(dm_channel=True).to_array()


def private_here(interaction: discord.Interaction[Any]) -> bool:
    """Ephemeral everywhere but the member's own DM with Kindred."""
    return interaction.context.to_array() != BOT_DM


class AskingCommands(ScheduleCommands):
    """/checkin now, /checkin history."""

    @app_commands.command(name="now")
    async def now(self, interaction: discord.Interaction[Kindred]) -> None:
        """Check in right now, privately, right here."""
        user_id = interaction.user.id
        zone = await self._zone_of(user_id)
        checkin = await self.checkins.ask(user_id, zone, self.bot.clock.now())
        if checkin is None:  # a check-in "now" has no occurrence: always a new row
            raise RuntimeError("a check-in now was not created")
        answered = await interaction.response.send_message(
            self.text("question"),
            view=view_of(mood_buttons(self.content), checkin.id),
            ephemeral=private_here(interaction),
        )
        # The only message whose buttons may answer this check-in (a press before this is
        # written is refused: the question was asked a moment ago).
        message_id = answered.message_id
        if message_id is None:
            message_id = (await interaction.original_response()).id
        channel_id = interaction.channel_id
        if channel_id is None:  # every command is used somewhere
            raise RuntimeError("/checkin now used nowhere")
        await self.checkins.sent(checkin.id, channel_id, message_id)

    @app_commands.command(name="history")
    @app_commands.describe(days="How many days back: 7 to 60 (30 if left out)")
    async def history(
        self, interaction: discord.Interaction[Kindred], days: int = HISTORY_DEFAULT_DAYS
    ) -> None:
        """Your moods over time, as a chart and in words, only for you."""
        if not HISTORY_MIN_DAYS <= days <= HISTORY_MAX_DAYS:
            raise UserFacingError(
                self.text("history_days_range", min=HISTORY_MIN_DAYS, max=HISTORY_MAX_DAYS)
            )
        user_id = interaction.user.id
        now = self.bot.clock.now()
        zone = await self._zone_of(user_id)
        answers = await self.checkins.answers_since(user_id, now - timedelta(days=days + 1))
        points = series(answers, last_day=now.astimezone(zone).date(), days=days)
        private = private_here(interaction)
        if all(point.mood is None for point in points):
            await interaction.response.send_message(self.text("history_none"), ephemeral=private)
            return
        await interaction.response.defer(ephemeral=private, thinking=True)
        words = {mood: label.word for mood, label in self.content.moods.items()}
        png = await asyncio.to_thread(
            mood_chart, points, words=words, title=self.text("history_title", days=days)
        )
        numbers = as_text(points, words=words, gap=self.text("history_gap"))
        await interaction.followup.send(
            f"{self.text('history_intro', days=days)}\n{numbers}",
            file=discord.File(io.BytesIO(png), filename="moods.png"),
            ephemeral=private,
        )

    async def _zone_of(self, user_id: int) -> ZoneInfo:
        """The member's own zone: their schedule's, else their boundaries', else UTC."""
        schedule = await self.schedules.get(user_id)
        if schedule is not None:
            return schedule.zone
        return (await self.bot.members.get(user_id)).zone or UTC
