"""Answering a round: the Answer button opens the next form (appreciations, then the week
together), Help me phrase it shows the pattern privately, and the last form of the second
partner reveals the round to both, by DM.

Every press and form is checked first: from a DM (a round's letter lives only there), by one
of the round's two partners, on a round still open. An answer that needs a change is kept in
memory for its writer only and shown again when they reopen the form; nothing is saved until
it is right. Before the reveal, nothing a partner wrote goes anywhere but their own sealed
row: the replies say only whether the other has finished.
"""

from __future__ import annotations

from typing import Any, cast

import discord

from bot.interactions.origin import require_origin
from bot.interactions.user_error import UserFacingError
from cogs.reviews.actions import RoundAction
from cogs.reviews.answers import (
    AnswerProblem,
    Appreciations,
    Reflections,
    clean_appreciations,
    clean_reflections,
)
from cogs.reviews.answers import shape_message_keys as shape_keys
from cogs.reviews.cog.base import mention
from cogs.reviews.cog.closing import ClosingLetters
from cogs.reviews.prompts import APPRECIATIONS
from cogs.reviews.repository.rounds import StoredRound
from cogs.reviews.rounds import ReviewRefusal, RoundState
from cogs.reviews.views import ReviewForm, round_view

REFLECTIONS = "reflections"


class RoundAnswers(ClosingLetters):
    """The round's buttons and forms, and the reveal."""

    async def _round_for(self, interaction: discord.Interaction[Any], round_id: int) -> StoredRound:
        require_origin(interaction, guild_id=None)
        stored = await self.rounds.get(round_id, interaction.user.id)
        if stored is None:
            raise UserFacingError(self.text("round_closed"))
        if interaction.user.id not in stored.rules.members:
            raise UserFacingError(self.text("round_not_yours"))
        return stored

    def _open(self, stored: StoredRound) -> None:
        rules = stored.rules
        if rules.state is not RoundState.OPEN or self.bot.clock.now() >= rules.closes_at:
            raise UserFacingError(self.text("round_closed"))

    async def on_round(
        self, interaction: discord.Interaction[Any], action: RoundAction, round_id: int
    ) -> None:
        stored = await self._round_for(interaction, round_id)
        if action is RoundAction.HELP:
            await interaction.response.send_message(embed=self.phrase_help(), ephemeral=True)
            return
        self._open(stored)
        user_id = interaction.user.id
        draft = stored.rules.draft(user_id)
        if draft.complete is not None:
            raise UserFacingError(self.text("already_answered"))
        form = APPRECIATIONS if draft.appreciations is None else REFLECTIONS
        typed = self.retries.get((round_id, user_id, form), ())
        await interaction.response.send_modal(ReviewForm(round_id, form, self.prompts, typed))

    def phrase_help(self) -> discord.Embed:
        help_ = self.prompts.phrase_help
        examples = "\n".join(f"• {example}" for example in help_.examples)
        return discord.Embed(
            title=help_.title, description=f"**{help_.pattern}**\n\n{help_.why}\n\n{examples}"
        )

    async def on_form(
        self, interaction: discord.Interaction[Any], round_id: int, form: str, values: list[str]
    ) -> None:
        stored = await self._round_for(interaction, round_id)
        self._open(stored)
        user_id = interaction.user.id
        retry_key = (round_id, user_id, form)
        try:
            if form == APPRECIATIONS:
                part: Appreciations | Reflections = clean_appreciations(values, self.prompts)
            else:
                went_well, to_work_on, cared_for = values
                part = clean_reflections(went_well, to_work_on, cared_for, self.prompts)
        except (AnswerProblem, UserFacingError) as problem:
            self.retries[retry_key] = tuple(values)
            await interaction.response.send_message(
                self._problem_text(problem),
                view=round_view(
                    round_id,
                    self.text("button_try_again"),
                    None if form == APPRECIATIONS else self.text("button_phrase_help"),
                ),
                ephemeral=True,
            )
            return
        try:
            after = await self.rounds.add_part(round_id, user_id, part, self.bot.clock.now())
        except ReviewRefusal as exc:
            raise self.refusal(exc) from None
        self.retries.pop(retry_key, None)
        other = next(m for m in after.rules.members if m != user_id)
        if after.rules.state is RoundState.REVEALED:
            await self.tell_closed()
            await interaction.response.send_message(self.text("saved_revealed"), ephemeral=True)
        elif after.rules.done(user_id):
            await interaction.response.send_message(
                self.text("saved_waiting", partner=mention(other)),
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )
        else:
            await interaction.response.send_message(
                self.text("saved_part"),
                view=round_view(
                    round_id, self.text("button_reflections"), self.text("button_phrase_help")
                ),
                ephemeral=True,
            )

    def _problem_text(self, problem: Exception) -> str:
        if not isinstance(problem, AnswerProblem):
            return str(problem)  # the core's sentence about the text (empty, too long…)
        if problem.key == "shape_missing":
            parts = cast("tuple[str, ...]", problem.values["missing"])
            names = [self.text(key) for key in shape_keys(parts)]
            missing = (
                names[0]
                if len(names) == 1
                else self.text("shape_and", first=", ".join(names[:-1]), last=names[-1])
            )
            return self.text("shape_missing", missing=missing)
        return self.text(problem.key, **problem.values)
