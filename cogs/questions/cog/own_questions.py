"""A server's own questions: admins add and remove them, and see the whole bank by
category and depth with how many questions are left before any repeats here."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.checks import admin_only, server_of
from bot.interactions.user_error import UserFacingError
from cogs.questions.bank import CATEGORIES
from cogs.questions.cog.base import CATEGORY_CHOICES, DEPTH_CHOICES, QuestionsBase
from cogs.questions.render import category_label, depth_label


class OwnQuestionCommands(QuestionsBase):
    """/question add, remove and bank (admins)."""

    @app_commands.command(name="add")
    @admin_only()
    @app_commands.describe(
        text="The question (one line, up to 200 characters)",
        category="What kind of question it is",
        depth="1 light, 2 personal, 3 deep",
    )
    @app_commands.choices(category=CATEGORY_CHOICES)
    @app_commands.choices(depth=DEPTH_CHOICES)
    async def add(
        self,
        interaction: discord.Interaction[Kindred],
        text: app_commands.Range[str, 1, 1000],
        category: str,
        depth: int,
    ) -> None:
        """Add a question of this server's own."""
        guild_id, _ = server_of(interaction)
        question = self._clean_question(text)
        await self._refuse_near_duplicate(guild_id, question)
        custom_id = await self.own_questions.add_custom(guild_id, question, category, depth, None)
        await interaction.response.send_message(
            self.text("added", number=custom_id), ephemeral=True
        )

    @app_commands.command(name="remove")
    @admin_only()
    @app_commands.describe(question="One of this server's own questions")
    async def remove(self, interaction: discord.Interaction[Kindred], question: int) -> None:
        """Remove one of this server's own questions."""
        guild_id, _ = server_of(interaction)
        if not await self.own_questions.remove_custom(guild_id, question):
            raise UserFacingError(self.text("remove_unknown"))
        await interaction.response.send_message(self.text("removed"), ephemeral=True)

    @remove.autocomplete("question")
    async def remove_choices(
        self, interaction: discord.Interaction[Kindred], current: str
    ) -> list[app_commands.Choice[int]]:
        guild_id = interaction.guild_id
        if guild_id is None:
            return []
        wanted = current.strip().lower()
        found = [
            q
            for q in await self.own_questions.custom_questions(guild_id)
            if wanted in q.text.lower()
        ]
        return [
            app_commands.Choice(name=q.text[:100], value=int(q.key.split(":")[1]))
            for q in found[:25]
        ]

    @app_commands.command(name="bank")
    @admin_only()
    async def bank_overview(self, interaction: discord.Interaction[Kindred]) -> None:
        """How many questions there are, by category and depth, and how many are left here."""
        guild_id, channel_id = server_of(interaction)
        questions = await self._candidates(guild_id)
        embed = discord.Embed(title=self.text("bank_title"), colour=discord.Colour.orange())
        for category in CATEGORIES:
            depths = [
                sum(1 for q in questions if q.category == category and q.depth == d)
                for d in (1, 2, 3)
            ]
            embed.add_field(
                name=category_label(category),
                value=f"{sum(depths)} · " + " / ".join(f"{n}" for n in depths),
                inline=True,
            )
        own = sum(1 for q in questions if q.is_custom)
        state = await self.channels.state(channel_id, guild_id)
        ceiling = await self._ceiling(channel_id, guild_id)
        asked = await self.channels.asked_in_cycle(channel_id, state.cycle)
        fresh = sum(1 for q in questions if q.depth <= ceiling and q.key not in asked)
        embed.description = self.text(
            "bank_summary",
            total=len(questions),
            own=own,
            fresh=fresh,
            depth=depth_label(ceiling),
            cycle=state.cycle,
        )
        embed.set_footer(text=self.text("bank_footer"))
        await interaction.response.send_message(embed=embed, ephemeral=True)
