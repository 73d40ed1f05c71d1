"""The channel's settings (admins) and its cooperative board (anyone).

/challenge settings writes the channel's ceiling (which /challenge now and schedules obey,
read through ``PostStore.state``), how many distinct completions a challenge needs to count
for the streak, and whether the board is on. /challenge board shows the group's streak, built
from counts only (see :mod:`cogs.challenges.board`), so every member sees the same board and
nobody is ranked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.checks import admin_only, server_of
from bot.interactions.user_error import UserFacingError
from bot.privacy.boundary_rules import Boundaries
from cogs.challenges.board import WEEK, Tally, board_embed, build_board
from cogs.challenges.cog.base import ChallengesBase
from cogs.challenges.repository.board import ChannelSettings

BOARD_CHOICES = [
    app_commands.Choice(name="on", value="on"),
    app_commands.Choice(name="off", value="off"),
]


class BoardCommands(ChallengesBase):
    """/challenge settings and /challenge board."""

    def _describe_settings(self, settings: ChannelSettings) -> str:
        return self.text(
            "settings_summary",
            depth=self.text(f"depth_{settings.max_depth}"),
            needs=settings.streak_needs,
            board=self.text("settings_board_on" if settings.board_on else "settings_board_off"),
        )

    @app_commands.command(name="settings")
    @admin_only()
    @app_commands.describe(
        channel="The channel these settings are for",
        max_depth="How deep its challenges may go: 1 light, 2 warmer, 3 deeper",
        streak_needs="How many members must do a challenge for it to count for the streak",
        board="Whether /challenge board answers in this channel",
    )
    @app_commands.choices(board=BOARD_CHOICES)
    async def channel_settings(
        self,
        interaction: discord.Interaction[Kindred],
        channel: discord.TextChannel,
        max_depth: app_commands.Range[int, 1, 3] | None = None,
        streak_needs: app_commands.Range[int, 1, 20] | None = None,
        board: str | None = None,
    ) -> None:
        """See or change a channel's challenge settings (leave the options out to see them)."""
        guild_id, _ = server_of(interaction)
        if max_depth is None and streak_needs is None and board is None:
            settings = await self.boards.settings(channel.id)
            key = "settings_shown"
        else:
            settings = await self.boards.change_settings(
                channel.id,
                guild_id,
                max_depth=max_depth,
                streak_needs=streak_needs,
                board_on=None if board is None else board == "on",
            )
            key = "settings_saved"
        await interaction.response.send_message(
            self.text(key, channel=channel.mention, summary=self._describe_settings(settings)),
            ephemeral=True,
        )

    async def _excuse_pauses(
        self, channel_id: int, tallies: Sequence[Tally], needed: int
    ) -> list[Tally]:
        """Mark each miss posted while someone who took part in the week before was paused
        (see :mod:`cogs.challenges.board`), so their break never breaks the streak."""
        known: dict[int, Boundaries] = {}
        result = []
        for tally in tallies:
            if tally.completions < needed:
                for user_id in await self.boards.took_part(
                    channel_id, tally.posted_at - WEEK, tally.posted_at
                ):
                    if user_id not in known:
                        known[user_id] = await self.bot.members.get(user_id)
                    if known[user_id].paused_at(tally.posted_at):
                        tally = replace(tally, excused=True)  # noqa: PLW2901 - marked in place
                        break
            result.append(tally)
        return result

    @app_commands.command(name="board")
    @app_commands.guild_only()
    async def show_board(self, interaction: discord.Interaction[Kindred]) -> None:
        """How this channel is doing together: its streak and how many are taking part."""
        _, channel_id = server_of(interaction)
        if isinstance(interaction.channel, discord.Thread) and interaction.channel.parent_id:
            channel_id = interaction.channel.parent_id  # a challenge's thread: its channel
        settings = await self.boards.settings(channel_id)
        if not settings.board_on:
            raise UserFacingError(self.text("board_off"))
        tallies = await self.boards.tallies(channel_id)
        if not tallies:
            raise UserFacingError(self.text("board_no_challenges"))
        tallies = await self._excuse_pauses(channel_id, tallies, settings.streak_needs)
        now = self.bot.clock.now()
        taking = await self.boards.taking_part(channel_id, now - WEEK)
        board = build_board(tallies, taking, settings.streak_needs, now)
        embed = board_embed(self.text, board, channel=f"<#{channel_id}>")
        await interaction.response.send_message(
            embed=discord.Embed.from_dict(embed), ephemeral=True
        )
