"""Results and what to do with them: /lovelanguage result, share, unshare, profile, compare,
tips, learn and the server overview.

A profile is private until its owner shares it with one server, and every answer about
someone else says the same thing whether they have no result or did not share it.
"""

from __future__ import annotations

import asyncio
import io

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.checks import server_of
from bot.interactions.user_error import UserFacingError
from cogs.lovelanguages.charts import bar_chart
from cogs.lovelanguages.cog.base import CHART, RELATIONSHIP_CHOICES, LoveLanguagesBase
from cogs.lovelanguages.render import distribution, names, tips_lines
from cogs.lovelanguages.repository import Result
from cogs.lovelanguages.scoring import LANGUAGES

SERVER_MINIMUM = 3


class Profiles(LoveLanguagesBase):
    """Seeing, sharing and comparing profiles, and ideas for speaking a language."""

    @app_commands.command(name="result")
    async def result(self, interaction: discord.Interaction[Kindred]) -> None:
        """Your love-language profile: the five scores, ranked, with a chart."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self.send_result(interaction, interaction.user.id, mine=True)

    @app_commands.command(name="share")
    @app_commands.guild_only()
    async def share(self, interaction: discord.Interaction[Kindred]) -> None:
        """Let members of this server see your profile (only this server)."""
        guild_id, _ = server_of(interaction)
        if await self.store.latest_result(interaction.user.id) is None:
            raise UserFacingError(self.text("no_result"))
        await self.store.set_shared(interaction.user.id, guild_id, True)
        await interaction.response.send_message(self.text("shared"), ephemeral=True)

    @app_commands.command(name="unshare")
    @app_commands.guild_only()
    async def unshare(self, interaction: discord.Interaction[Kindred]) -> None:
        """Hide your profile from this server again, at once."""
        guild_id, _ = server_of(interaction)
        changed = await self.store.set_shared(interaction.user.id, guild_id, False)
        await interaction.response.send_message(
            self.text("unshared" if changed else "was_not_shared"), ephemeral=True
        )

    async def _shared_result(self, member: discord.abc.User, guild_id: int) -> Result:
        result = await self.store.latest_result(member.id)
        if result is None or not await self.store.is_shared(member.id, guild_id):
            # One answer for "no result" and "not shared": private stays private.
            raise UserFacingError(self.text("not_shared", member=member.mention))
        return result

    @app_commands.command(name="profile")
    @app_commands.guild_only()
    @app_commands.describe(member="Someone who shared their profile with this server")
    async def profile(
        self, interaction: discord.Interaction[Kindred], member: discord.User
    ) -> None:
        """A member's shared love-language profile."""
        guild_id, _ = server_of(interaction)
        result = await self._shared_result(member, guild_id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        embed, chart = await self.result_message(
            result, self.text("their_result", name=member.display_name)
        )
        await interaction.followup.send(embed=embed, file=chart, ephemeral=True)

    @app_commands.command(name="compare")
    @app_commands.guild_only()
    @app_commands.describe(
        member="Someone who shared their profile with this server",
        relationship="What you are to each other (changes the ideas)",
    )
    @app_commands.choices(relationship=RELATIONSHIP_CHOICES)
    async def compare(
        self,
        interaction: discord.Interaction[Kindred],
        member: discord.User,
        relationship: str = "friend",
    ) -> None:
        """Both profiles side by side, with three ways each of you can speak the other's."""
        guild_id, _ = server_of(interaction)
        me = interaction.user
        if member.id == me.id:
            raise UserFacingError(self.text("compare_self"))
        mine = await self.store.latest_result(me.id)
        if mine is None or not await self.store.is_shared(me.id, guild_id):
            raise UserFacingError(self.text("compare_share_first"))
        theirs = await self._shared_result(member, guild_id)
        languages = self.quiz.languages
        day = self.bot.clock.now().date().isoformat()
        embed = discord.Embed(title=self.text("compare_title"), colour=discord.Colour.orange())
        for person, other, result, other_result in (
            (me, member, mine, theirs),
            (member, me, theirs, mine),
        ):
            top = other_result.receive.primary[0]
            tips = self.tips.choose(top, relationship, 3, seed=f"{person.id}:{other.id}:{day}")
            embed.add_field(
                name=self.text(
                    "compare_field",
                    name=person.display_name,
                    languages=names(languages, result.receive.primary, self.text),
                )[:256],
                value=(
                    self.text(
                        "compare_for",
                        who=person.display_name,
                        other=other.display_name,
                        language=languages[top].name,
                    )
                    + "\n"
                    + tips_lines(tips, self.text)
                )[:1024],
                inline=False,
            )
        embed.set_footer(text=self.text("compare_footer"))
        await interaction.response.send_message(embed=embed, ephemeral=True)

    # -- ideas --------------------------------------------------------------------------

    @app_commands.command(name="tips")
    @app_commands.describe(
        language="Which love language (leave out for one idea for each)",
        relationship="Who it is for",
    )
    @app_commands.choices(
        language=[app_commands.Choice(name=lang, value=lang) for lang in LANGUAGES]
    )
    @app_commands.choices(relationship=RELATIONSHIP_CHOICES)
    async def tips_command(
        self,
        interaction: discord.Interaction[Kindred],
        language: str | None = None,
        relationship: str = "friend",
    ) -> None:
        """Small ideas to speak a love language this week."""
        languages = self.quiz.languages
        seed = f"{interaction.user.id}:{self.bot.clock.now().date().isoformat()}"
        embed = discord.Embed(
            title=self.text("tips_title", relationship=relationship), colour=discord.Colour.orange()
        )
        for lang in [language] if language else list(LANGUAGES):
            count = 5 if language else 1
            embed.add_field(
                name=languages[lang].label,
                value=tips_lines(self.tips.choose(lang, relationship, count, seed=seed), self.text)[
                    :1024
                ],
                inline=False,
            )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="learn")
    async def learn(self, interaction: discord.Interaction[Kindred]) -> None:
        """The five love languages, explained."""
        embed = discord.Embed(
            title=self.text("learn_title"),
            description=self.text("learn_intro"),
            colour=discord.Colour.orange(),
        )
        for language in self.quiz.languages.values():
            embed.add_field(name=language.label, value=language.explain, inline=False)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="server")
    @app_commands.guild_only()
    async def server(self, interaction: discord.Interaction[Kindred]) -> None:
        """How the shared profiles of this server are spread (counts only)."""
        guild_id, _ = server_of(interaction)
        shared = await self.store.shared_results(guild_id)
        if len(shared) < SERVER_MINIMUM:
            await interaction.response.send_message(
                self.text("server_too_few", minimum=SERVER_MINIMUM), ephemeral=True
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        counts = distribution([r.receive for r in shared])
        ordered = sorted(LANGUAGES, key=lambda lang: -counts[lang])
        labels = [self.quiz.languages[lang].name for lang in ordered]
        png = await asyncio.to_thread(
            bar_chart, labels, [counts[lang] for lang in ordered], title=self.text("chart_server")
        )
        lines = "\n".join(
            self.text("server_line", language=label, count=counts[lang])
            for label, lang in zip(labels, ordered, strict=True)
        )
        embed = discord.Embed(
            title=self.text("server_title"),
            description=self.text("server_intro", members=len(shared)) + "\n" + lines,
            colour=discord.Colour.orange(),
        )
        embed.set_image(url=f"attachment://{CHART}")
        chart = discord.File(io.BytesIO(png), filename=CHART, description=self.text("chart_alt"))
        await interaction.followup.send(embed=embed, file=chart, ephemeral=True)
