"""Everything pressed on a challenge post or a posted completion: "I did it 🎉" (its form,
then saving and posting as one step a failure never leaves half done), "Not today", 😂 and
🫙 Keep.

Each press is checked against where it came from before it acts (``require_origin``), and
each change is made so that two presses at once change it once. "Not today" records
nothing: skipping a challenge is never counted against anyone.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.interactions.origin import require_origin
from bot.interactions.user_error import UserFacingError
from bot.interactions.usertext import clean_user_text, shows
from bot.outbound.pacer import Target, post_or_undo
from cogs.challenges.actions import CompletionAction, PostAction
from cogs.challenges.cog.base import ChallengesBase
from cogs.challenges.render import completion_embed
from cogs.challenges.repository.completions import Completion
from cogs.challenges.repository.posts import Post
from cogs.challenges.views import NOTE_MAX_CHARS, CompletionModal, completion_view


class CompletionButtons(ChallengesBase):
    """The buttons of posts and completions (``views.py`` hands every press here)."""

    async def _live_post(self, interaction: discord.Interaction[Any], post_id: int) -> Post:
        """The post a press or form names, if it was pressed on that post."""
        post = await self.posts.post(post_id)
        if post is None:
            raise UserFacingError(self.text("post_gone"))
        require_origin(
            interaction,
            guild_id=post.guild_id,
            channel_ids=[post.channel_id, post.thread_id],
            message_id=post.message_id,
        )
        return post

    async def _completion_pressed(
        self, interaction: discord.Interaction[Any], completion_id: int
    ) -> tuple[Completion, Post]:
        """The completion a press names, if it was pressed on that completion's message."""
        completion = await self.completions.get(completion_id)
        post = await self.posts.post(completion.post_id) if completion else None
        if completion is None or post is None:
            raise UserFacingError(self.text("completion_gone"))
        require_origin(
            interaction,
            guild_id=post.guild_id,
            channel_ids=[completion.channel_id],
            message_id=completion.message_id,
        )
        return completion, post

    # -- buttons on a post --------------------------------------------------------------

    async def on_post_button(
        self, interaction: discord.Interaction[Any], action: PostAction, post_id: int
    ) -> None:
        post = await self._live_post(interaction, post_id)
        match action:
            case PostAction.DID_IT:
                await self._open_form(interaction, post)
            case PostAction.NOT_TODAY:
                await interaction.response.send_message(self.text("not_today"), ephemeral=True)

    async def _open_form(self, interaction: discord.Interaction[Any], post: Post) -> None:
        mine = await self.completions.of(post.id, interaction.user.id)
        post_id = post.id

        async def submit(modal_interaction: discord.Interaction[Any], raw: str) -> None:
            await self._save(modal_interaction, post_id, raw)

        await interaction.response.send_modal(
            CompletionModal(
                title=self.text("modal_title"),
                label=self.text("modal_label"),
                placeholder=self.text("modal_placeholder"),
                default=mine.note if mine else None,
                submit=submit,
            )
        )

    def _clean_note(self, raw: str) -> str | None:
        """No note is fine; a note is cleaned like all member text (mentions never ping:
        every post of it disables them)."""
        if not any(shows(char) for char in raw):
            return None
        return clean_user_text(raw, max_chars=NOTE_MAX_CHARS, what=self.text("what_note"))

    async def _save(self, interaction: discord.Interaction[Any], post_id: int, raw: str) -> None:
        note = self._clean_note(raw)
        post = await self._live_post(interaction, post_id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self._writing(interaction.user.id):
            await self._write(interaction, post, note)

    async def _write(
        self, interaction: discord.Interaction[Any], post: Post, note: str | None
    ) -> None:
        user = interaction.user
        existing = await self.completions.of(post.id, user.id)
        if existing is None:
            completion_id = await self.completions.add(post.id, user.id, note)
            if completion_id is not None:
                await self._post_completion(interaction, post, completion_id)
                return
            existing = await self.completions.of(post.id, user.id)  # saved meanwhile
            if existing is None:
                raise UserFacingError(self.text("post_gone"))
        if not await self.completions.edit(existing.id, user.id, note):
            raise UserFacingError(self.text("completion_gone"))
        if existing.message_id is None:  # left behind by a failure or a crash
            await self._post_completion(interaction, post, existing.id)
            return
        await self._refresh(existing.id, post, user.display_name)
        await interaction.followup.send(self.text("completion_edited"), ephemeral=True)

    async def _post_completion(
        self, interaction: discord.Interaction[Any], post: Post, completion_id: int
    ) -> None:
        """Post a saved completion in the thread. If that fails, for whatever reason, it is
        forgotten again, so nothing is left saved but never shown."""
        completion = await self.completions.get(completion_id)
        if completion is None:
            raise UserFacingError(self.text("completion_gone"))
        where = post.thread_id or post.channel_id
        destination = self.bot.get_partial_messageable(where, guild_id=post.guild_id)
        embed = discord.Embed.from_dict(
            completion_embed(self.text, author=interaction.user.display_name, note=completion.note)
        )
        message = await post_or_undo(
            self.bot.pacer,
            Target.channel(where, post.guild_id),
            lambda: destination.send(
                embed=embed,
                view=completion_view(completion_id, self.text, laughs=0, kept=False),
                allowed_mentions=discord.AllowedMentions.none(),
            ),
            record=lambda sent: self.completions.set_message(completion_id, where, sent.id),
            undo=lambda: self.completions.delete_unposted(completion_id),
            refusal=self.text("completion_not_posted"),
        )
        link = f"https://discord.com/channels/{post.guild_id}/{where}/{message.id}"
        await interaction.followup.send(self.text("completion_posted", link=link), ephemeral=True)

    async def _refresh(self, completion_id: int, post: Post, display_name: str) -> None:
        completion = await self.completions.get(completion_id)
        if completion is None or completion.message_id is None or completion.channel_id is None:
            return
        channel_id, message_id = completion.channel_id, completion.message_id
        message = self.bot.get_partial_messageable(
            channel_id, guild_id=post.guild_id
        ).get_partial_message(message_id)
        embed = discord.Embed.from_dict(
            completion_embed(self.text, author=display_name, note=completion.note, edited=True)
        )
        view = completion_view(
            completion_id,
            self.text,
            laughs=await self.completions.laughs(completion_id),
            kept=completion.kept_at is not None,
        )
        await self.bot.pacer.send(
            Target.channel(channel_id, post.guild_id),
            lambda: message.edit(
                embed=embed, view=view, allowed_mentions=discord.AllowedMentions.none()
            ),
        )

    # -- buttons on a completion --------------------------------------------------------

    async def on_completion_button(
        self, interaction: discord.Interaction[Any], action: CompletionAction, completion_id: int
    ) -> None:
        completion, _post = await self._completion_pressed(interaction, completion_id)
        match action:
            case CompletionAction.LAUGH:
                await self._laugh(interaction, completion)
            case CompletionAction.KEEP:
                await self._keep(interaction, completion)

    async def _laugh(self, interaction: discord.Interaction[Any], completion: Completion) -> None:
        if completion.user_id == interaction.user.id:
            raise UserFacingError(self.text("laugh_own"))
        added, count = await self.completions.laugh(completion.id, interaction.user.id)
        if not added:
            gone = await self.completions.get(completion.id) is None
            raise UserFacingError(self.text("completion_gone" if gone else "laugh_again"))
        await interaction.response.edit_message(
            view=completion_view(
                completion.id, self.text, laughs=count, kept=completion.kept_at is not None
            )
        )

    async def _keep(self, interaction: discord.Interaction[Any], completion: Completion) -> None:
        if completion.user_id != interaction.user.id:
            raise UserFacingError(self.text("keep_not_yours"))
        if not await self.completions.keep(completion.id, interaction.user.id):
            gone = await self.completions.get(completion.id) is None
            raise UserFacingError(self.text("completion_gone" if gone else "already_kept"))
        laughs = await self.completions.laughs(completion.id)
        await interaction.response.edit_message(
            view=completion_view(completion.id, self.text, laughs=laughs, kept=True)
        )
        await interaction.followup.send(self.text("kept"), ephemeral=True)
