"""Everything pressed on a question post or a posted answer: answering (named or
anonymously, through a modal), passing, the depth ladder's two buttons, "that makes
sense", editing and deleting an answer, and an admin's removal with the offer to bar an
anonymous author from answering anonymously again (without learning who it was)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import discord

from bot.app.client import Kindred
from bot.interactions.user_error import UserFacingError
from bot.interactions.usertext import clean_user_text
from bot.outbound.pacer import Target, TargetUnavailable
from cogs.questions.actions import AnswerAction, PostAction
from cogs.questions.cog.base import QuestionsBase
from cogs.questions.ladder import HIGHEST, after_ready, after_too_deep
from cogs.questions.render import answer_embed, depth_label
from cogs.questions.repository.answers import Answer
from cogs.questions.repository.channels import Post
from cogs.questions.views import ANSWER_MAX_CHARS, AnswerModal, BarView, answer_view

log = logging.getLogger(__name__)

POST_MAX_AGE = timedelta(days=7)
PARTICIPATION_WINDOW = timedelta(days=14)


class AnswerButtons(QuestionsBase):
    """The buttons of posts and answers (``views.py`` hands every press here)."""

    # -- buttons on a post --------------------------------------------------------------

    async def on_post_button(
        self, interaction: discord.Interaction[Kindred], action: PostAction, post_id: int
    ) -> None:
        post = await self._live_post(post_id)
        match action:
            case PostAction.ANSWER:
                await self._open_answer(interaction, post, anonymous=False)
            case PostAction.ANSWER_ANONYMOUSLY:
                await self._open_answer(interaction, post, anonymous=True)
            case PostAction.PASS:
                await interaction.response.send_message(self.text("passed"), ephemeral=True)
            case PostAction.READY_FOR_DEEPER:
                await self._ready(interaction, post)
            case PostAction.TOO_DEEP:
                await self._too_deep(interaction, post)

    async def _live_post(self, post_id: int) -> Post:
        post = await self.channels.post(post_id)
        if post is None:
            raise UserFacingError(self.text("post_gone"))
        if self.bot.clock.now() - post.created_at > POST_MAX_AGE:
            raise UserFacingError(self.text("post_too_old"))
        if post.scheduled and await self.schedules.get(post.channel_id) is None:
            raise UserFacingError(self.text("schedule_removed"))
        return post

    async def _open_answer(
        self, interaction: discord.Interaction[Kindred], post: Post, *, anonymous: bool
    ) -> None:
        user_id = interaction.user.id
        mine = await self.answers.answer_of(post.id, user_id)
        if mine is None and anonymous and await self.answers.is_barred(post.guild_id, user_id):
            raise UserFacingError(self.text("anonymous_barred"))
        if mine is not None and mine.anonymous != anonymous:
            key = "already_answered_anonymously" if mine.anonymous else "already_answered_named"
            raise UserFacingError(self.text(key))

        async def submit(modal_interaction: discord.Interaction[Any], text: str) -> None:
            await self._save_answer(modal_interaction, post, text, anonymous=anonymous)

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

    async def _save_answer(
        self, interaction: discord.Interaction[Any], post: Post, raw: str, *, anonymous: bool
    ) -> None:
        text = clean_user_text(raw, max_chars=ANSWER_MAX_CHARS, what=self.text("what_answer"))
        await interaction.response.defer(ephemeral=True, thinking=True)
        user = interaction.user
        existing = await self.answers.answer_of(post.id, user.id)
        if existing is not None:
            await self.answers.edit(existing.id, text)
            await self._refresh_answer(existing.id, post, user.display_name)
            await interaction.followup.send(self.text("answer_edited"), ephemeral=True)
            return
        answer_id = await self.answers.add(post.id, user.id, text, anonymous=anonymous)
        if answer_id is None:  # a double submit raced us
            await interaction.followup.send(self.text("answer_edited"), ephemeral=True)
            return
        where = post.thread_id or post.channel_id
        destination = self.bot.get_partial_messageable(where, guild_id=post.guild_id)
        embed = discord.Embed.from_dict(
            answer_embed(self.text, author=None if anonymous else user.display_name, text=text)
        )
        try:
            message = await self.bot.pacer.send(
                Target.channel(where, post.guild_id),
                lambda: destination.send(
                    embed=embed,
                    view=answer_view(answer_id, 0, self.text),
                    allowed_mentions=discord.AllowedMentions.none(),
                ),
            )
        except (TargetUnavailable, discord.HTTPException):
            await self.answers.delete(answer_id)  # not posted: nothing is kept
            raise UserFacingError(self.text("answer_not_posted")) from None
        await self.answers.set_message(answer_id, where, message.id)
        link = f"https://discord.com/channels/{post.guild_id}/{where}/{message.id}"
        await interaction.followup.send(self.text("answer_posted", link=link), ephemeral=True)

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
            lambda: message.edit(embed=embed, view=answer_view(answer_id, count, self.text)),
        )

    async def _ready(self, interaction: discord.Interaction[Kindred], post: Post) -> None:
        schedule = await self.schedules.get(post.channel_id)
        if schedule is not None and schedule.fixed_depth is not None:
            raise UserFacingError(self.text("fixed_depth"))
        state = await self.channels.state(post.channel_id, post.guild_id)
        if state.ladder_level >= HIGHEST:
            raise UserFacingError(self.text("already_deepest"))
        voters = await self.channels.vote_ready(post.channel_id, post.guild_id, interaction.user.id)
        participants = await self.channels.recent_participants(
            post.channel_id, self.bot.clock.now() - PARTICIPATION_WINDOW
        )
        step = after_ready(state.ladder_level, voters, participants)
        if not step.changed:
            await interaction.response.send_message(
                self.text("ready_counted", votes=step.votes, needed=step.needed), ephemeral=True
            )
            return
        await self.channels.set_level(post.channel_id, post.guild_id, step.level)
        await interaction.response.send_message(self.text("ready_thanks"), ephemeral=True)
        await self._announce(post, self.text("went_deeper", depth=depth_label(step.level)))

    async def _too_deep(self, interaction: discord.Interaction[Kindred], post: Post) -> None:
        schedule = await self.schedules.get(post.channel_id)
        if schedule is not None and schedule.fixed_depth is not None:
            raise UserFacingError(self.text("fixed_depth_too_deep"))
        state = await self.channels.state(post.channel_id, post.guild_id)
        step = after_too_deep(state.ladder_level)
        if not step.changed:
            await interaction.response.send_message(self.text("already_lightest"), ephemeral=True)
            return
        await self.channels.set_level(post.channel_id, post.guild_id, step.level)
        await interaction.response.send_message(self.text("too_deep_thanks"), ephemeral=True)
        await self._announce(post, self.text("went_lighter", depth=depth_label(step.level)))

    async def _announce(self, post: Post, text: str) -> None:
        """A note in the channel, naming nobody: who pressed a ladder button stays private."""
        channel = self.bot.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
        try:
            await self.bot.pacer.send(
                Target.channel(post.channel_id, post.guild_id),
                lambda: channel.send(text, allowed_mentions=discord.AllowedMentions.none()),
            )
        except (TargetUnavailable, discord.HTTPException) as exc:
            log.warning("could not announce a ladder change in %s: %s", post.channel_id, exc)

    # -- buttons on an answer -----------------------------------------------------------

    async def on_answer_button(
        self, interaction: discord.Interaction[Kindred], action: AnswerAction, answer_id: int
    ) -> None:
        answer = await self.answers.get(answer_id)
        post = await self.channels.post(answer.post_id) if answer else None
        if answer is None or post is None:
            raise UserFacingError(self.text("answer_gone"))
        match action:
            case AnswerAction.VALIDATE:
                await self._validate(interaction, answer)
            case AnswerAction.EDIT:
                await self._edit(interaction, answer, post)
            case AnswerAction.DELETE:
                await self._delete(interaction, answer, post)

    async def _validate(self, interaction: discord.Interaction[Kindred], answer: Answer) -> None:
        if interaction.user.id == answer.user_id:
            raise UserFacingError(self.text("validate_own"))
        added, count = await self.answers.validate(answer.id, interaction.user.id)
        if not added:
            raise UserFacingError(self.text("validate_again"))
        await interaction.response.edit_message(view=answer_view(answer.id, count, self.text))

    async def _edit(
        self, interaction: discord.Interaction[Kindred], answer: Answer, post: Post
    ) -> None:
        if interaction.user.id != answer.user_id:
            raise UserFacingError(self.text("not_your_answer"))

        async def submit(modal_interaction: discord.Interaction[Any], text: str) -> None:
            await self._save_answer(modal_interaction, post, text, anonymous=answer.anonymous)

        await interaction.response.send_modal(
            AnswerModal(
                title=self.text("modal_edit"),
                placeholder=self.text("answer_placeholder"),
                question=post.question_text,
                default=answer.text,
                submit=submit,
            )
        )

    async def _delete(
        self, interaction: discord.Interaction[Kindred], answer: Answer, post: Post
    ) -> None:
        mine = interaction.user.id == answer.user_id
        permissions = interaction.permissions
        moderator = permissions.manage_messages or permissions.manage_guild
        if not mine and not moderator:
            raise UserFacingError(self.text("not_your_answer"))
        await self.answers.delete(answer.id)
        await interaction.response.edit_message(
            content=self.text("answer_removed"), embed=None, view=None
        )
        if mine or not answer.anonymous:
            return
        author_id = answer.user_id  # stays on the server side: never shown, never sent

        async def bar(bar_interaction: discord.Interaction[Any]) -> None:
            await self.answers.bar_anonymous(post.guild_id, author_id)
            await bar_interaction.response.edit_message(content=self.text("barred_done"), view=None)

        await interaction.followup.send(
            self.text("offer_bar"),
            view=BarView(owner_id=interaction.user.id, bar=bar, messages=self.text),
            ephemeral=True,
        )
