"""Members suggest questions; admins review the queue one at a time (approve, edit then
approve, or reject), and a suggester who asked hears the outcome by DM."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.checks import admin_only, server_of
from bot.interactions.user_error import UserFacingError
from bot.outbound.delivery import Letter
from cogs.questions.actions import ReviewDecision
from cogs.questions.cog.base import CATEGORY_CHOICES, DEPTH_CHOICES, QuestionsBase
from cogs.questions.render import category_label, depth_label
from cogs.questions.repository.own_questions import Suggestion
from cogs.questions.views import ReviewView, TextModal

OUTCOME_KIND = "question_outcome"
PENDING_SUGGESTIONS_CAP = 3


class SuggestionCommands(QuestionsBase):
    """/question suggest (anyone) and /question review (admins)."""

    @app_commands.command(name="suggest")
    @app_commands.guild_only()
    @app_commands.describe(
        text="Your question (one line, up to 200 characters)",
        category="What kind of question it is",
        depth="1 light, 2 personal, 3 deep",
        tell_me="Get a DM when an admin approves or declines it",
    )
    @app_commands.choices(category=CATEGORY_CHOICES)
    @app_commands.choices(depth=DEPTH_CHOICES)
    async def suggest(
        self,
        interaction: discord.Interaction[Kindred],
        text: app_commands.Range[str, 1, 1000],
        category: str = "communication",
        depth: int = 1,
        tell_me: bool = False,
    ) -> None:
        """Suggest a question for this server; an admin reviews it."""
        guild_id, _ = server_of(interaction)
        question = self._clean_question(text)
        user_id = interaction.user.id
        await self._refuse_near_duplicate(guild_id, question)
        added = await self.own_questions.add_suggestion(
            guild_id, user_id, question, category, depth, tell_me, cap=PENDING_SUGGESTIONS_CAP
        )
        if added is None:
            raise UserFacingError(self.text("suggest_cap", cap=PENDING_SUGGESTIONS_CAP))
        if tell_me:
            await self.bot.members.allow(user_id, OUTCOME_KIND)
        key = "suggested_tell_me" if tell_me else "suggested"
        await interaction.response.send_message(self.text(key), ephemeral=True)

    @app_commands.command(name="review")
    @admin_only()
    async def review(self, interaction: discord.Interaction[Kindred]) -> None:
        """Go through suggested questions one at a time."""
        guild_id, _ = server_of(interaction)
        await self._show_next_suggestion(interaction, guild_id, first=True)

    async def _show_next_suggestion(
        self, interaction: discord.Interaction[Any], guild_id: int, *, first: bool, note: str = ""
    ) -> None:
        queue = await self.own_questions.pending_suggestions(guild_id)
        if not queue:
            text = (note + "\n" if note else "") + self.text("review_empty")
            if first:
                await interaction.response.send_message(text, ephemeral=True)
            else:
                await interaction.edit_original_response(content=text, embed=None, view=None)
            return
        suggestion = queue[0]
        embed = discord.Embed(
            title=self.text("review_title", left=len(queue)),
            description=suggestion.text,
            colour=discord.Colour.orange(),
        )
        embed.add_field(name=self.text("field_category"), value=category_label(suggestion.category))
        embed.add_field(name=self.text("field_depth"), value=depth_label(suggestion.depth))
        embed.add_field(name=self.text("field_suggested_by"), value=f"<@{suggestion.user_id}>")

        async def decide(
            decision_interaction: discord.Interaction[Any], decision: ReviewDecision
        ) -> None:
            await self._decide(decision_interaction, suggestion.id, decision)

        view = ReviewView(owner_id=interaction.user.id, decide=decide, messages=self.text)
        if first:
            await interaction.response.send_message(note, embed=embed, view=view, ephemeral=True)
            view.message = await interaction.original_response()
        else:
            view.message = await interaction.edit_original_response(
                content=note or None, embed=embed, view=view
            )

    async def _decide(
        self, interaction: discord.Interaction[Any], suggestion_id: int, decision: ReviewDecision
    ) -> None:
        guild_id, _ = server_of(interaction)
        queue = {s.id: s for s in await self.own_questions.pending_suggestions(guild_id)}
        suggestion = queue.get(suggestion_id)
        if suggestion is None:
            await interaction.response.defer()
            await self._show_next_suggestion(
                interaction, guild_id, first=False, note=self.text("review_already_decided")
            )
            return
        if decision is ReviewDecision.EDIT:

            async def submit(modal_interaction: discord.Interaction[Any], raw: str) -> None:
                edited = self._clean_question(raw)
                await self._approve(modal_interaction, guild_id, suggestion_id, edited)

            await interaction.response.send_modal(
                TextModal(
                    title=self.text("review_edit_title"),
                    label=self.text("review_edit_label"),
                    default=suggestion.text,
                    submit=submit,
                )
            )
            return
        if decision is ReviewDecision.APPROVE:
            await self._approve(interaction, guild_id, suggestion_id, suggestion.text)
            return
        await interaction.response.defer()
        if await self.own_questions.take_suggestion(guild_id, suggestion_id):
            await self._tell_suggester(suggestion, approved=False)
        await self._show_next_suggestion(
            interaction, guild_id, first=False, note=self.text("review_rejected")
        )

    async def _approve(
        self,
        interaction: discord.Interaction[Any],
        guild_id: int,
        suggestion_id: int,
        text: str,
    ) -> None:
        await interaction.response.defer()
        suggestion = await self.own_questions.approve_suggestion(guild_id, suggestion_id, text)
        if suggestion is None:
            await self._show_next_suggestion(
                interaction, guild_id, first=False, note=self.text("review_already_decided")
            )
            return
        await self._tell_suggester(suggestion, approved=True)
        await self._show_next_suggestion(
            interaction, guild_id, first=False, note=self.text("review_approved")
        )

    async def _tell_suggester(self, suggestion: Suggestion, *, approved: bool) -> None:
        if not suggestion.notify:
            return
        key = "outcome_approved" if approved else "outcome_declined"
        guild = self.bot.get_guild(suggestion.guild_id)
        server = guild.name if guild is not None else self.text("unknown_server")
        await self.bot.delivery.send(
            Letter(
                suggestion.user_id,
                OUTCOME_KIND,
                content=self.text(key, server=server),
                guild_id=suggestion.guild_id,
            )
        )
