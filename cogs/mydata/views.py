"""The confirm step of ``/mydata delete``: nothing is deleted without a second press."""

from __future__ import annotations

from typing import Any

import discord

from bot.interactions.views import KindredView


class ConfirmDeleteView(KindredView):
    @discord.ui.button(label="Delete everything", style=discord.ButtonStyle.danger, emoji="🗑️")
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

    @discord.ui.button(label="Keep my data", style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmDeleteView]
    ) -> None:
        self.stop()
        await interaction.response.edit_message(
            content=interaction.client.messages.get("mydata.kept"), view=None
        )
