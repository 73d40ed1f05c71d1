"""The button on ``/boundaries show`` for a member whose DMs were found closed."""

from __future__ import annotations

from typing import Any

import discord

from bot.app.content import Messages
from bot.interactions.views import KindredView


class RetryDmsView(KindredView):
    """Try one DM now (the member asked for it); reachable again only if it arrives."""

    def __init__(self, messages: Messages, *, owner_id: int) -> None:
        super().__init__(owner_id=owner_id)
        self.retry.label = messages.get("boundaries.button_retry_dms")

    @discord.ui.button(style=discord.ButtonStyle.primary, emoji="📬")
    async def retry(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[RetryDmsView]
    ) -> None:
        bot = interaction.client
        text = bot.messages.get
        await interaction.response.defer(ephemeral=True, thinking=True)
        if not await bot.delivery.try_reaching(interaction.user.id, text("boundaries.dm_test")):
            await interaction.followup.send(text("boundaries.dm_still_closed"), ephemeral=True)
            return
        button.disabled = True
        self.stop()
        if self.message is not None:
            await self.message.edit(view=self)
        await interaction.followup.send(text("boundaries.dm_open_again"), ephemeral=True)
