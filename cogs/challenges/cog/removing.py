"""Removing a completion: its author can take back their own, and a moderator (Manage
Messages in the thread) anyone's.

**Remove** only asks (a private confirm button), so a slip of the finger removes nothing. The
confirm press is checked again, as if it were the first: the completion may have been
removed meanwhile (by a moderator, or a second prompt), and the presser must still be its
author or a moderator there. The rows go first, in one transaction (the completion, its
laughs, its place in the memory jar, its anniversary claim); then Kindred deletes its post
in the thread and the anniversary post, if there was one. An old button on a removed
completion answers that it is not here any more.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.interactions.origin import require_origin
from bot.interactions.user_error import UserFacingError
from cogs.challenges.cog.memories import MemoryJar
from cogs.challenges.repository.completions import Completion
from cogs.challenges.repository.posts import Post
from cogs.challenges.views import ConfirmRemoveView


class RemovingCompletions(MemoryJar):
    """The Remove button of a completion and its confirm step."""

    def _require_remover(
        self, interaction: discord.Interaction[Any], completion: Completion
    ) -> None:
        """The author, or whoever may manage messages where it was pressed."""
        if completion.user_id == interaction.user.id:
            return
        if not interaction.permissions.manage_messages:
            raise UserFacingError(self.text("remove_not_yours"))

    async def _ask_remove(
        self, interaction: discord.Interaction[Any], completion: Completion, post: Post
    ) -> None:
        self._require_remover(interaction, completion)
        completion_id, guild_id = completion.id, post.guild_id

        async def confirm(pressed: discord.Interaction[Any]) -> None:
            await self._remove(pressed, completion_id, guild_id)

        key = (
            "remove_confirm_own" if completion.user_id == interaction.user.id else "remove_confirm"
        )
        view = ConfirmRemoveView(
            owner_id=interaction.user.id, label=self.text("remove_confirm_button"), confirm=confirm
        )
        await interaction.response.send_message(self.text(key), view=view, ephemeral=True)
        view.message = await interaction.original_response()  # its button is disabled on timeout

    async def _remove(
        self, interaction: discord.Interaction[Any], completion_id: int, guild_id: int
    ) -> None:
        completion = await self.completions.get(completion_id)
        if completion is None:
            raise UserFacingError(self.text("completion_gone"))
        require_origin(interaction, guild_id=guild_id, channel_ids=[completion.channel_id])
        self._require_remover(interaction, completion)
        removed = await self.memories.remove(completion_id)
        if removed is None:
            raise UserFacingError(self.text("completion_gone"))
        await interaction.response.edit_message(content=self.text("remove_removing"), view=None)
        posts = [(completion.channel_id, completion.message_id)]
        if removed.anniversary is not None:
            posts.append((removed.anniversary.channel_id, removed.anniversary.message_id))
        all_gone = True
        for channel_id, message_id in posts:
            if channel_id is not None and message_id is not None:
                all_gone = await self._delete_post(channel_id, guild_id, message_id) and all_gone
        await interaction.edit_original_response(
            content=self.text("remove_done" if all_gone else "remove_post_left")
        )
