"""/checkin start, pause, resume and stop: a member's own check-in schedule.

Every refusal comes before anything is saved, and every answer is private. Starting records
the member's consent to check-in DMs (they asked for them); stopping withdraws it.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.user_error import UserFacingError
from cogs.checkins.cog.base import CheckinsBase
from cogs.checkins.kinds import CHECKIN_KIND
from cogs.checkins.repository.schedules import SOURCE_NAME


class ScheduleCommands(CheckinsBase):
    """/checkin start, pause, resume, stop."""

    @app_commands.command(name="stop")
    async def stop(self, interaction: discord.Interaction[Kindred]) -> None:
        """Stop your scheduled check-ins (your past check-ins stay yours)."""
        user_id = interaction.user.id
        if not await self.schedules.delete(user_id):
            raise UserFacingError(self.text("no_schedule"))
        await self.bot.members.disallow(user_id, CHECKIN_KIND)
        self.bot.scheduler.source_changed(SOURCE_NAME)
        await interaction.response.send_message(self.text("stopped"), ephemeral=True)
