"""The confirm step of ``/mydata delete``: nothing is deleted without a second press."""

from __future__ import annotations

from typing import Any

import discord

from bot.app.content import Messages
from bot.interactions.views import KindredView


class ConfirmDeleteView(KindredView):
    def __init__(self, messages: Messages, *, owner_id: int, timeout: float) -> None:
        super().__init__(owner_id=owner_id, timeout=timeout)
        self.confirm.label = messages.get("mydata.button_delete")
        self.cancel.label = messages.get("mydata.button_keep")

    @discord.ui.button(style=discord.ButtonStyle.danger, emoji="🗑️")
    async def confirm(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmDeleteView]
    ) -> None:
        bot = interaction.client
        self.stop()
        await interaction.response.edit_message(
            content=bot.messages.get("mydata.deleting"), view=None
        )
        deletion = await bot.data_rights.delete(interaction.user.id, bot.clock.now())
        removed = await bot.post_deleter.delete_pending()
        await interaction.edit_original_response(
            content=bot.messages.get(
                "mydata.deleted", posts=min(removed, deletion.posts), queued=deletion.posts
            )
        )

    @discord.ui.button(style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmDeleteView]
    ) -> None:
        self.stop()
        await interaction.response.edit_message(
            content=interaction.client.messages.get("mydata.kept"), view=None
        )
