"""What every part of the /lovelanguage cog shares: the bot, the store, the quiz, the tips,
the feature's words, and a result drawn as an embed with its chart."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Kindred
from cogs.lovelanguages.charts import bar_chart
from cogs.lovelanguages.quiz import Quiz
from cogs.lovelanguages.render import result_embed
from cogs.lovelanguages.repository import LoveLanguageStore, Result
from cogs.lovelanguages.scoring import RELATIONSHIPS
from cogs.lovelanguages.tips import TipBank

CHART = "chart.png"

RELATIONSHIP_CHOICES = [app_commands.Choice(name=r, value=r) for r in RELATIONSHIPS]


class LoveLanguagesBase(commands.Cog):
    """The state the cog's parts share; ``LoveLanguages.__init__`` sets it.

    A part is a ``Cog`` only so that discord.py's decorators accept its commands; the one
    /lovelanguage cog Kindred loads is ``LoveLanguages``, which is all the parts at once.
    """

    bot: Kindred
    store: LoveLanguageStore
    quiz: Quiz
    tips: TipBank

    def text(self, key: str, /, **values: object) -> str:
        return self.bot.messages.get(f"lovelanguages.{key}", **values)

    async def result_message(
        self, result: Result, title: str
    ) -> tuple[discord.Embed, discord.File]:
        ranked = result.receive.ranked()
        labels = [self.quiz.languages[language].name for language, _ in ranked]
        values = [points for _, points in ranked]
        png = await asyncio.to_thread(
            bar_chart, labels, values, title=self.text("chart_receive"), maximum=12
        )
        embed = discord.Embed.from_dict(
            result_embed(
                self.quiz, result.receive, result.give, self.text, title=title, image=CHART
            )
        )
        return embed, discord.File(
            io.BytesIO(png), filename=CHART, description=self.text("chart_alt")
        )

    async def send_result(
        self, interaction: discord.Interaction[Any], user_id: int, *, mine: bool, name: str = ""
    ) -> None:
        result = await self.store.latest_result(user_id)
        if result is None:
            await interaction.followup.send(self.text("no_result"), ephemeral=True)
            return
        title = self.text("your_result") if mine else self.text("their_result", name=name)
        embed, chart = await self.result_message(result, title)
        await interaction.followup.send(embed=embed, file=chart, ephemeral=True)
