"""Writing an answer: the form a post's Answer buttons and an answer's Edit button open,
and saving and posting what it holds as one step that a failure never leaves half done.

The form that was opened decides how its text is shown, always: an anonymous form never
publishes under a name, a named one never hides, and an edit form changes only the answer
it was opened for. Every form checks again at submit what may have changed while it was
open (the post, where it was pressed, a bar, an answer written meanwhile).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import discord

from bot.interactions.origin import require_origin
from bot.interactions.user_error import UserFacingError
from bot.interactions.usertext import clean_user_text
from bot.outbound.pacer import Target, post_or_undo
from cogs.questions.cog.base import QuestionsBase
from cogs.questions.render import answer_embed
from cogs.questions.repository.answers import Answer, AnswerBarred
from cogs.questions.repository.channels import Post
from cogs.questions.views import ANSWER_MAX_CHARS, AnswerModal, answer_view

POST_MAX_AGE = timedelta(days=7)


class AnswerWriting(QuestionsBase):
    """The answer forms, and saving and posting answers."""

    async def _live_post(self, interaction: discord.Interaction[Any], post_id: int) -> Post:
        """The post a press or form names, if it was pressed on that post and still takes
        answers."""
        post = await self.channels.post(post_id)
        if post is None:
            raise UserFacingError(self.text("post_gone"))
        require_origin(
            interaction,
            guild_id=post.guild_id,
            channel_ids=[post.channel_id, post.thread_id],
            message_id=post.message_id,
        )
        if self.bot.clock.now() - post.created_at > POST_MAX_AGE:
            raise UserFacingError(self.text("post_too_old"))
        if post.scheduled and await self.schedules.get(post.channel_id) is None:
            raise UserFacingError(self.text("schedule_removed"))
        return post

    async def _answer_pressed(
        self, interaction: discord.Interaction[Any], answer_id: int
    ) -> tuple[Answer, Post]:
        """The answer a press or form names, if it was pressed on that answer's message."""
        answer = await self.answers.get(answer_id)
        post = await self.channels.post(answer.post_id) if answer else None
        if answer is None or post is None:
            raise UserFacingError(self.text("answer_gone"))
        require_origin(
            interaction,
            guild_id=post.guild_id,
            channel_ids=[answer.channel_id],
            message_id=answer.message_id,
        )
        return answer, post

    # -- a new answer -------------------------------------------------------------------

    async def _open_answer(
        self, interaction: discord.Interaction[Any], post: Post, *, anonymous: bool
    ) -> None:
        user_id = interaction.user.id
        mine = await self.answers.answer_of(post.id, user_id)
        if mine is None and anonymous and await self.answers.is_barred(post.guild_id, user_id):
            raise UserFacingError(self.text("anonymous_barred"))
        if mine is not None and mine.anonymous != anonymous:
            key = "already_answered_anonymously" if mine.anonymous else "already_answered_named"
            raise UserFacingError(self.text(key))
        post_id = post.id

        async def submit(modal_interaction: discord.Interaction[Any], text: str) -> None:
            await self._save_answer(modal_interaction, post_id, text, anonymous=anonymous)

        title = self.text("modal_anonymous" if anonymous else "modal_named")
        await interaction.response.send_modal(
            AnswerModal(
                title=title,
                placeholder=self.text("answer_placeholder"),
                question=post.question_text,
                default=mine.text if mine else None,
                submit=submit,
            )
        )

    def _writing(self, member_id: int) -> asyncio.Lock:
        """One member's saves, one at a time: a second form submitted at the same moment
        sees what the first one saved and posted, never a half-finished answer."""
        return self.answer_locks.setdefault(member_id, asyncio.Lock())

    async def _save_answer(
        self, interaction: discord.Interaction[Any], post_id: int, raw: str, *, anonymous: bool
    ) -> None:
        text = clean_user_text(raw, max_chars=ANSWER_MAX_CHARS, what=self.text("what_answer"))
        post = await self._live_post(interaction, post_id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self._writing(interaction.user.id):
            await self._write_answer(interaction, post, text, anonymous=anonymous)

    async def _write_answer(
        self, interaction: discord.Interaction[Any], post: Post, text: str, *, anonymous: bool
    ) -> None:
        user = interaction.user
        existing = await self.answers.answer_of(post.id, user.id)
        if existing is None:
            try:
                answer_id = await self.answers.add(post.id, user.id, text, anonymous=anonymous)
            except AnswerBarred:
                raise UserFacingError(self.text("anonymous_barred")) from None
            if answer_id is not None:
                await self._post_answer(interaction, post, answer_id)
                return
            existing = await self.answers.answer_of(post.id, user.id)  # a double submit
            if existing is None:
                raise UserFacingError(self.text("answer_gone"))
        if existing.anonymous != anonymous:
            key = "form_anonymous_answered_named" if anonymous else "form_named_answered_anonymous"
            raise UserFacingError(self.text(key))
        if not await self.answers.edit(existing.id, user.id, text, anonymous=anonymous):
            raise UserFacingError(self.text("answer_gone"))
        if existing.message_id is None:  # left behind by a failure or a crash
            await self._post_answer(interaction, post, existing.id)
            return
        await self._refresh_answer(existing.id, post, user.display_name)
        await interaction.followup.send(self.text("answer_edited"), ephemeral=True)

    async def _post_answer(
        self, interaction: discord.Interaction[Any], post: Post, answer_id: int
    ) -> None:
        """Post a saved answer in the thread. If that fails, for whatever reason, the
        answer is forgotten again, so nothing is left saved but never shown."""
        answer = await self.answers.get(answer_id)
        if answer is None:
            raise UserFacingError(self.text("answer_gone"))
        where = post.thread_id or post.channel_id
        destination = self.bot.get_partial_messageable(where, guild_id=post.guild_id)
        author = None if answer.anonymous else interaction.user.display_name
        embed = discord.Embed.from_dict(answer_embed(self.text, author=author, text=answer.text))
        message = await post_or_undo(
            self.bot.pacer,
            Target.channel(where, post.guild_id),
            lambda: destination.send(
                embed=embed,
                view=answer_view(answer_id, 0, self.text),
                allowed_mentions=discord.AllowedMentions.none(),
            ),
            record=lambda sent: self.answers.set_message(answer_id, where, sent.id),
            undo=lambda: self.answers.delete_unposted(answer_id),
            refusal=self.text("answer_not_posted"),
        )
        link = f"https://discord.com/channels/{post.guild_id}/{where}/{message.id}"
        await interaction.followup.send(self.text("answer_posted", link=link), ephemeral=True)

    # -- editing ------------------------------------------------------------------------

    async def _open_edit(
        self, interaction: discord.Interaction[Any], answer: Answer, post: Post
    ) -> None:
        if not self.answers.is_author(answer, interaction.user.id):
            raise UserFacingError(self.text("not_your_answer"))
        answer_id, anonymous = answer.id, answer.anonymous

        async def submit(modal_interaction: discord.Interaction[Any], text: str) -> None:
            await self._save_edit(modal_interaction, answer_id, text, anonymous=anonymous)

        await interaction.response.send_modal(
            AnswerModal(
                title=self.text("modal_edit"),
                placeholder=self.text("answer_placeholder"),
                question=post.question_text,
                default=answer.text,
                submit=submit,
            )
        )

    async def _save_edit(
        self, interaction: discord.Interaction[Any], answer_id: int, raw: str, *, anonymous: bool
    ) -> None:
        """Only the answer the form was opened for, and only in the mode it had."""
        text = clean_user_text(raw, max_chars=ANSWER_MAX_CHARS, what=self.text("what_answer"))
        answer, post = await self._answer_pressed(interaction, answer_id)
        if not self.answers.is_author(answer, interaction.user.id):
            raise UserFacingError(self.text("not_your_answer"))
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self._writing(interaction.user.id):
            edited = await self.answers.edit(
                answer_id, interaction.user.id, text, anonymous=anonymous
            )
            if not edited:
                raise UserFacingError(self.text("answer_gone"))
            await self._refresh_answer(answer_id, post, interaction.user.display_name)
        await interaction.followup.send(self.text("answer_edited"), ephemeral=True)

    async def _refresh_answer(self, answer_id: int, post: Post, display_name: str) -> None:
        answer = await self.answers.get(answer_id)
        if answer is None or answer.message_id is None or answer.channel_id is None:
            return
        channel_id, message_id = answer.channel_id, answer.message_id
        message = self.bot.get_partial_messageable(
            channel_id, guild_id=post.guild_id
        ).get_partial_message(message_id)
        embed = discord.Embed.from_dict(
            answer_embed(
                self.text,
                author=None if answer.anonymous else display_name,
                text=answer.text,
                edited=True,
            )
        )
        count = await self.answers.validations(answer_id)
        await self.bot.pacer.send(
            Target.channel(channel_id, post.guild_id),
            lambda: message.edit(
                embed=embed,
                view=answer_view(answer_id, count, self.text),
                allowed_mentions=discord.AllowedMentions.none(),  # the member's words
            ),
        )
