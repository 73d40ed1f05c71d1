"""The button on ``/boundaries show`` for a member whose DMs were found closed."""

from __future__ import annotations

from typing import Any

import discord

from bot.app.content import Messages
from bot.interactions.views import KindredView


class RetryDmsView(KindredView):
    """Try one DM now (the member asked for it); reachable again only if it arrives.

    One try at a time: presses that arrive together send one test DM, not one each.
    """

    def __init__(self, messages: Messages, *, owner_id: int) -> None:
        super().__init__(owner_id=owner_id)
        self.retry.label = messages.get("boundaries.button_retry_dms")
        self.trying = False

    @discord.ui.button(style=discord.ButtonStyle.primary, emoji="📬")
    async def retry(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[RetryDmsView]
    ) -> None:
        bot = interaction.client
        text = bot.messages.get
        if self.trying or self.is_finished():  # checked and set with no await between
            await interaction.response.send_message(
                text("boundaries.dm_already_trying"), ephemeral=True
            )
            return
        self.trying = True
        try:
            await interaction.response.defer(ephemeral=True, thinking=True)
            reached = await bot.delivery.try_reaching(
                interaction.user.id, text("boundaries.dm_test")
            )
        finally:
            self.trying = False
        if not reached:
            await interaction.followup.send(text("boundaries.dm_still_closed"), ephemeral=True)
            return
        button.disabled = True
        self.stop()
        if self.message is not None:
            await self.message.edit(view=self)
        await interaction.followup.send(text("boundaries.dm_open_again"), ephemeral=True)
