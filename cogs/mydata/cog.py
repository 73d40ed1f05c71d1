"""/mydata export and /mydata delete, over every data owner registered with the bot.

This feature knows no other feature: ``bot.privacy.data_rights`` gathers each part's export and
runs each part's deletion, so a new feature is covered the day it registers.
"""

from __future__ import annotations

import io
import json

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Kindred
from cogs.mydata.views import ConfirmDeleteView


class MyData(commands.GroupCog, group_name="mydata"):
    """Your data: take a copy, or have it all deleted."""

    def __init__(self, bot: Kindred) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="export")
    async def export(self, interaction: discord.Interaction[Kindred]) -> None:
        """Get a file, privately, with everything Kindred holds about you."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        user_id = interaction.user.id
        document = await self.bot.data_rights.export(user_id, self.bot.clock.now())
        data = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
        await interaction.followup.send(
            self.bot.messages.get("mydata.export_ready"),
            file=discord.File(io.BytesIO(data), filename=f"kindred-data-{user_id}.json"),
            ephemeral=True,
        )

    @app_commands.command(name="delete")
    async def delete(self, interaction: discord.Interaction[Kindred]) -> None:
        """Delete everything Kindred holds about you (you'll be asked to confirm)."""
        view = ConfirmDeleteView(self.bot.messages, owner_id=interaction.user.id, timeout=120)
        await interaction.response.send_message(
            self.bot.messages.get("mydata.delete_confirm"), view=view, ephemeral=True
        )
        view.message = await interaction.original_response()
