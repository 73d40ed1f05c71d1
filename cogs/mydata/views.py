"""The confirm step of ``/mydata delete``: nothing is deleted without a second press."""

from __future__ import annotations

from typing import Any

import discord

from bot.app.content import Messages
from bot.interactions.views import KindredView


class ConfirmDeleteView(KindredView):
    """Delete or keep, answered once: presses that arrive together (a double click, both
    buttons at once) must not both act, or the prompt could say "Nothing was deleted"
    while the deletion runs."""

    def __init__(self, messages: Messages, *, owner_id: int, timeout: float) -> None:
        super().__init__(owner_id=owner_id, timeout=timeout)
        self.confirm.label = messages.get("mydata.button_delete")
        self.cancel.label = messages.get("mydata.button_keep")
        self.answered = False

    async def _first_answer(self, interaction: discord.Interaction[Any]) -> bool:
        """Claim the answer (no await before the flag is set, so it is atomic); a later
        press is told why nothing happens."""
        if self.answered:
            await interaction.response.send_message(
                interaction.client.messages.get("mydata.already_answered"), ephemeral=True
            )
            return False
        self.answered = True
        self.stop()
        return True

    @discord.ui.button(style=discord.ButtonStyle.danger, emoji="🗑️")
    async def confirm(
        self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmDeleteView]
    ) -> None:
        bot = interaction.client
        if not await self._first_answer(interaction):
            return
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
        if not await self._first_answer(interaction):
            return
        await interaction.response.edit_message(
            content=interaction.client.messages.get("mydata.kept"), view=None
        )
