"""Everything pressed on a question post or a posted answer: answering (through the forms
of ``writing``), passing, the depth ladder's two buttons, "that makes sense", editing and
deleting an answer, and an admin's removal with the offer to bar an anonymous author from
answering anonymously again (without learning who it was).

Each press is checked against where it came from before it acts (``require_origin``), and
each change is made so that two presses at once change it once.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import discord

from bot.app.client import Kindred
from bot.interactions.user_error import UserFacingError
from bot.outbound.pacer import Target, TargetUnavailable
from cogs.questions.actions import AnswerAction, PostAction
from cogs.questions.cog.writing import AnswerWriting
from cogs.questions.ladder import HIGHEST, after_ready, after_too_deep
from cogs.questions.render import depth_label
from cogs.questions.repository.answers import Answer
from cogs.questions.repository.channels import Post
from cogs.questions.views import BarView, answer_view

log = logging.getLogger(__name__)

PARTICIPATION_WINDOW = timedelta(days=14)


class AnswerButtons(AnswerWriting):
    """The buttons of posts and answers (``views.py`` hands every press here)."""

    # -- buttons on a post --------------------------------------------------------------

    async def on_post_button(
        self, interaction: discord.Interaction[Kindred], action: PostAction, post_id: int
    ) -> None:
        post = await self._live_post(interaction, post_id)
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
        moved = await self.channels.set_level(
            post.channel_id, post.guild_id, step.level, from_level=state.ladder_level
        )
        await interaction.response.send_message(self.text("ready_thanks"), ephemeral=True)
        if moved:  # a press at the same moment may have moved it already: announce once
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
        moved = await self.channels.set_level(
            post.channel_id, post.guild_id, step.level, from_level=state.ladder_level
        )
        await interaction.response.send_message(self.text("too_deep_thanks"), ephemeral=True)
        if moved:
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
        answer, post = await self._answer_pressed(interaction, answer_id)
        match action:
            case AnswerAction.VALIDATE:
                await self._validate(interaction, answer)
            case AnswerAction.EDIT:
                await self._open_edit(interaction, answer, post)
            case AnswerAction.DELETE:
                await self._delete(interaction, answer, post)

    async def _validate(self, interaction: discord.Interaction[Kindred], answer: Answer) -> None:
        if self.answers.is_author(answer, interaction.user.id):
            raise UserFacingError(self.text("validate_own"))
        added, count = await self.answers.validate(answer.id, interaction.user.id)
        if not added:
            gone = await self.answers.get(answer.id) is None
            raise UserFacingError(self.text("answer_gone" if gone else "validate_again"))
        await interaction.response.edit_message(view=answer_view(answer.id, count, self.text))

    async def _delete(
        self, interaction: discord.Interaction[Kindred], answer: Answer, post: Post
    ) -> None:
        mine = self.answers.is_author(answer, interaction.user.id)
        permissions = interaction.permissions
        moderator = permissions.manage_messages or permissions.manage_guild
        if not mine and not moderator:
            raise UserFacingError(self.text("not_your_answer"))
        if not await self.answers.delete(answer.id):  # another press removed it first
            raise UserFacingError(self.text("answer_gone"))
        await interaction.response.edit_message(
            content=self.text("answer_removed"), embed=None, view=None
        )
        if mine or not answer.anonymous:
            return
        author_key = answer.author_key  # a pseudonym: it names nobody, even to Kindred's admins

        async def bar(bar_interaction: discord.Interaction[Any]) -> None:
            await self.answers.bar_author(post.guild_id, author_key)
            await bar_interaction.response.edit_message(content=self.text("barred_done"), view=None)

        await interaction.followup.send(
            self.text("offer_bar"),
            view=BarView(owner_id=interaction.user.id, bar=bar, messages=self.text),
            ephemeral=True,
        )
