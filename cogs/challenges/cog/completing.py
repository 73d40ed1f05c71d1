"""Everything pressed on a challenge post or a posted completion: "I did it 🎉" (its form,
then saving and posting as one step a failure never leaves half done; a photo challenge's
form takes a photo too), "Not today", 😂, 🫙 Keep (a toggle, its author's only) and Remove
(``removing``).

Each press is checked against where it came from before it acts (``require_origin``), and
each change is made so that two presses at once change it once. "Not today" records
nothing: skipping a challenge is never counted against anyone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import discord

from bot.interactions.origin import require_origin
from bot.interactions.user_error import UserFacingError
from bot.interactions.usertext import clean_user_text, shows
from bot.outbound.pacer import Target, post_or_undo
from cogs.challenges.actions import CompletionAction, PostAction
from cogs.challenges.cog.removing import RemovingCompletions
from cogs.challenges.photos import PHOTO_KIND, PHOTO_MAX_BYTES, PHOTO_MAX_MB, photo_name
from cogs.challenges.render import completion_embed
from cogs.challenges.repository.completions import Completion
from cogs.challenges.repository.posts import Post
from cogs.challenges.views import NOTE_MAX_CHARS, CompletionModal, completion_view


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo from the form, downloaded to post it again (kept in memory only)."""

    filename: str
    data: bytes

    def file(self) -> discord.File:
        return discord.File(io.BytesIO(self.data), filename=self.filename)


def _with_photo(embed: dict[str, Any], photo_file: str | None) -> dict[str, Any]:
    if photo_file is not None:
        embed["image"] = {"url": f"attachment://{photo_file}"}
    return embed


class CompletionButtons(RemovingCompletions):
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

        async def submit(
            modal_interaction: discord.Interaction[Any],
            raw: str,
            photos: list[discord.Attachment],
        ) -> None:
            await self._save(modal_interaction, post_id, raw, photos)

        await interaction.response.send_modal(
            CompletionModal(
                title=self.text("modal_title"),
                label=self.text("modal_label"),
                placeholder=self.text("modal_placeholder"),
                default=mine.note if mine else None,
                submit=submit,
                photo_label=self.text("photo_label") if post.kind == PHOTO_KIND else None,
            )
        )

    def _clean_note(self, raw: str) -> str | None:
        """No note is fine; a note is cleaned like all member text (mentions never ping:
        every post of it disables them)."""
        if not any(shows(char) for char in raw):
            return None
        return clean_user_text(raw, max_chars=NOTE_MAX_CHARS, what=self.text("what_note"))

    def _check_photo(
        self, photos: list[discord.Attachment]
    ) -> tuple[discord.Attachment, str] | None:
        """The form's photo, if it is one Kindred can post; anything else is refused
        before anything is saved."""
        if not photos:
            return None
        if len(photos) > 1:
            raise UserFacingError(self.text("photo_one"))
        [photo] = photos
        name = photo_name(photo.content_type)
        if name is None:
            raise UserFacingError(self.text("photo_not_image"))
        if photo.size > PHOTO_MAX_BYTES:
            raise UserFacingError(self.text("photo_too_big", limit=PHOTO_MAX_MB))
        return photo, name

    async def _download(self, attachment: discord.Attachment, filename: str) -> Photo:
        try:
            data = await attachment.read()
        except discord.HTTPException:  # gone from the CDN, or it failed
            raise UserFacingError(self.text("photo_unreadable")) from None
        if len(data) > PHOTO_MAX_BYTES:
            raise UserFacingError(self.text("photo_too_big", limit=PHOTO_MAX_MB))
        return Photo(filename, data)

    async def _save(
        self,
        interaction: discord.Interaction[Any],
        post_id: int,
        raw: str,
        photos: list[discord.Attachment],
    ) -> None:
        note = self._clean_note(raw)
        checked = self._check_photo(photos)
        post = await self._live_post(interaction, post_id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        photo = await self._download(*checked) if checked is not None else None
        async with self._writing(interaction.user.id):
            await self._write(interaction, post, note, photo)

    async def _write(
        self,
        interaction: discord.Interaction[Any],
        post: Post,
        note: str | None,
        photo: Photo | None = None,
    ) -> None:
        user = interaction.user
        existing = await self.completions.of(post.id, user.id)
        if existing is None:
            completion_id = await self.completions.add(post.id, user.id, note)
            if completion_id is not None:
                await self._post_completion(interaction, post, completion_id, photo)
                return
            existing = await self.completions.of(post.id, user.id)  # saved meanwhile
            if existing is None:
                raise UserFacingError(self.text("post_gone"))
        if not await self.completions.edit(existing.id, user.id, note):
            raise UserFacingError(self.text("completion_gone"))
        if existing.message_id is None:  # left behind by a failure or a crash
            await self._post_completion(interaction, post, existing.id, photo)
            return
        await self._refresh(existing.id, post, user.display_name, photo)
        await interaction.followup.send(self.text("completion_edited"), ephemeral=True)

    async def _post_completion(
        self,
        interaction: discord.Interaction[Any],
        post: Post,
        completion_id: int,
        photo: Photo | None = None,
    ) -> None:
        """Post a saved completion in the thread. If that fails, for whatever reason, it is
        forgotten again, so nothing is left saved but never shown."""
        completion = await self.completions.get(completion_id)
        if completion is None:
            raise UserFacingError(self.text("completion_gone"))
        where = post.thread_id or post.channel_id
        destination = self.bot.get_partial_messageable(where, guild_id=post.guild_id)
        photo_file = photo.filename if photo else None
        embed = discord.Embed.from_dict(
            _with_photo(
                completion_embed(
                    self.text, author=interaction.user.display_name, note=completion.note
                ),
                photo_file,
            )
        )

        async def record(sent: discord.Message) -> None:
            await self.completions.set_message(completion_id, where, sent.id)
            if photo_file is not None:
                await self.completions.set_photo(completion_id, photo_file)

        message = await post_or_undo(
            self.bot.pacer,
            Target.channel(where, post.guild_id),
            lambda: destination.send(
                embed=embed,
                view=completion_view(completion_id, self.text, laughs=0, kept=False),
                files=[photo.file()] if photo else [],
                allowed_mentions=discord.AllowedMentions.none(),
            ),
            record=record,
            undo=lambda: self.completions.delete_unposted(completion_id),
            refusal=self.text("completion_not_posted"),
        )
        link = f"https://discord.com/channels/{post.guild_id}/{where}/{message.id}"
        await interaction.followup.send(self.text("completion_posted", link=link), ephemeral=True)

    async def _refresh(
        self, completion_id: int, post: Post, display_name: str, photo: Photo | None = None
    ) -> None:
        """Show an edited note (and a new photo, replacing the old one)."""
        if photo is not None:
            await self.completions.set_photo(completion_id, photo.filename)
        completion = await self.completions.get(completion_id)
        if completion is None or completion.message_id is None or completion.channel_id is None:
            return
        channel_id, message_id = completion.channel_id, completion.message_id
        message = self.bot.get_partial_messageable(
            channel_id, guild_id=post.guild_id
        ).get_partial_message(message_id)
        embed = discord.Embed.from_dict(
            _with_photo(
                completion_embed(self.text, author=display_name, note=completion.note, edited=True),
                completion.photo_file,
            )
        )
        view = completion_view(
            completion_id,
            self.text,
            laughs=await self.completions.laughs(completion_id),
            kept=completion.kept_at is not None,
        )
        none = discord.AllowedMentions.none()

        async def edit() -> discord.Message:
            if photo is None:  # the photo already posted stays
                return await message.edit(embed=embed, view=view, allowed_mentions=none)
            return await message.edit(
                embed=embed, view=view, allowed_mentions=none, attachments=[photo.file()]
            )

        await self.bot.pacer.send(Target.channel(channel_id, post.guild_id), edit)

    # -- buttons on a completion --------------------------------------------------------

    async def on_completion_button(
        self, interaction: discord.Interaction[Any], action: CompletionAction, completion_id: int
    ) -> None:
        completion, post = await self._completion_pressed(interaction, completion_id)
        match action:
            case CompletionAction.LAUGH:
                await self._laugh(interaction, completion)
            case CompletionAction.KEEP:
                await self._keep(interaction, completion)
            case CompletionAction.REMOVE:
                await self._ask_remove(interaction, completion, post)

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
        """Keep the moment in the memory jar, or take it out again: its author's call only."""
        if completion.user_id != interaction.user.id:
            raise UserFacingError(self.text("keep_not_yours"))
        kept = await self.memories.toggle_keep(completion.id, interaction.user.id)
        if kept is None:
            raise UserFacingError(self.text("completion_gone"))
        laughs = await self.completions.laughs(completion.id)
        await interaction.response.edit_message(
            view=completion_view(completion.id, self.text, laughs=laughs, kept=kept)
        )
        await interaction.followup.send(
            self.text("kept" if kept else "memory_unkept"), ephemeral=True
        )
