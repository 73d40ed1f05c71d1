"""/lovelanguage quiz: taking the quiz one private screen at a time, and its buttons.

Progress is saved after every answer, so a member can stop, come back, go back one item or
start over, even across a restart of the bot; a stale screen never answers the wrong item.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.user_error import UserFacingError
from cogs.lovelanguages.actions import AnswerPress, BackPress, Choice, Part, Step, StepPress
from cogs.lovelanguages.cog.base import RELATIONSHIP_CHOICES, LoveLanguagesBase
from cogs.lovelanguages.render import names, quiz_screen
from cogs.lovelanguages.repository import Progress
from cogs.lovelanguages.scoring import score
from cogs.lovelanguages.views import quiz_view, steps_view


class QuizFlow(LoveLanguagesBase):
    """The quiz command and the answers, Back and step buttons of its screens."""

    @app_commands.command(name="quiz")
    @app_commands.describe(
        relationship="Who you're thinking of: it changes the wording (partner, friend, family)"
    )
    @app_commands.choices(relationship=RELATIONSHIP_CHOICES)
    async def quiz_command(
        self, interaction: discord.Interaction[Kindred], relationship: str | None = None
    ) -> None:
        """Take the love-language quiz (private; you can stop and come back any time)."""
        user_id = interaction.user.id
        progress = await self.store.progress(user_id)
        if progress is not None:
            done, total = len(progress.answers), len(self.quiz.items(progress.part))
            await interaction.response.send_message(
                self.text("resume", done=done, total=total),
                view=steps_view(
                    self.text,
                    StepPress(Step.CONTINUE),
                    StepPress(Step.RESTART, relationship or progress.relationship),
                ),
                ephemeral=True,
            )
            return
        chosen = relationship or await self._usual_relationship(user_id)
        await self.store.save_progress(Progress(user_id, chosen, Part.RECEIVE, [], None))
        intro = self.text("intro", count=len(self.quiz.items(Part.RECEIVE)), relationship=chosen)
        await interaction.response.send_message(
            intro,
            embed=self._screen(Part.RECEIVE, 0, chosen),
            view=quiz_view(Part.RECEIVE, 0, self.text),
            ephemeral=True,
        )

    async def _usual_relationship(self, user_id: int) -> str:
        latest = await self.store.latest_result(user_id)
        return latest.relationship if latest else "friend"

    def _screen(self, part: str, index: int, relationship: str, note: str = "") -> discord.Embed:
        return discord.Embed.from_dict(
            quiz_screen(self.quiz, part, index, relationship, self.text, note=note)
        )

    async def _show_current(
        self, interaction: discord.Interaction[Any], progress: Progress, note: str = ""
    ) -> None:
        index = len(progress.answers)
        await interaction.response.edit_message(
            content=None,
            embed=self._screen(progress.part, index, progress.relationship, note),
            view=quiz_view(Part(progress.part), index, self.text),
        )

    async def on_quiz_answer(
        self, interaction: discord.Interaction[Any], press: AnswerPress
    ) -> None:
        part, index = press.part, press.index
        user_id = interaction.user.id
        items = self.quiz.items(part)
        if index >= len(items):
            raise UserFacingError(self.text("no_quiz"))
        item = items[index]
        chosen = item.first if press.choice is Choice.A else item.second
        answered = await self.store.answer(
            user_id,
            part,
            index,
            chosen.language,
            total=len(items),
            scorer=lambda answers: score(self.quiz.pairs(part), answers),
        )
        if answered is None:
            raise UserFacingError(self.text("no_quiz"))
        if not answered.accepted:
            await self._show_current(interaction, answered.progress, self.text("already_answered"))
            return
        scores = answered.scores
        if scores is None:
            await self._show_current(interaction, answered.progress)
            return
        if part is Part.RECEIVE:
            await interaction.response.edit_message(
                content=self.text(
                    "part_one_done", primary=names(self.quiz.languages, scores.primary, self.text)
                ),
                embed=None,
                view=steps_view(self.text, StepPress(Step.RESULT), StepPress(Step.GIVE)),
            )
            return
        await interaction.response.edit_message(
            content=self.text("part_two_done"),
            embed=None,
            view=steps_view(self.text, StepPress(Step.RESULT)),
        )

    async def on_quiz_back(self, interaction: discord.Interaction[Any], press: BackPress) -> None:
        progress = await self.store.go_back(interaction.user.id, press.part, press.index)
        if progress is None:
            raise UserFacingError(self.text("no_quiz"))
        await self._show_current(interaction, progress)

    async def on_quiz_step(self, interaction: discord.Interaction[Any], press: StepPress) -> None:
        user_id = interaction.user.id
        match press.step:
            case Step.CONTINUE:
                progress = await self.store.progress(user_id)
                if progress is None:
                    raise UserFacingError(self.text("no_quiz"))
                await self._show_current(interaction, progress)
            case Step.RESTART:
                chosen = press.relationship or await self._usual_relationship(user_id)
                progress = Progress(user_id, chosen, Part.RECEIVE, [], None)
                await self.store.save_progress(progress)
                await self._show_current(interaction, progress)
            case Step.GIVE:
                latest = await self.store.latest_result(user_id)
                if latest is None:
                    raise UserFacingError(self.text("no_result"))
                progress = Progress(user_id, latest.relationship, Part.GIVE, [], latest.id)
                await self.store.save_progress(progress)
                await self._show_current(interaction, progress)
            case Step.RESULT:
                await interaction.response.defer()
                await self.send_result(interaction, user_id, mine=True)
