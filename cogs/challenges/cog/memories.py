"""The memory jar: /challenge memories shows a kept moment of this server, and on the first
anniversary of a kept moment Kindred posts "A year ago today…" in the challenge's channel.

/challenge memories answers privately (ephemeral): a public copy of a member's words would
stay in the channel after they removed the moment or deleted their data, where nothing
could find it again.

The anniversaries are one daily job (``ANNIVERSARY_JOB``, at 12:00 UTC; the scheduler runs
it once a day, late the same day after downtime). Each run posts every kept moment whose
anniversary (its UTC date a year on) was today or up to ``LATE_DAYS`` days ago, so a few
days of downtime only make it late, and a longer one means it is never posted years late.
Each post is claimed in ``challenge_anniversaries`` before it is sent, with the nonce it is
sent with: the claim is what makes it once, across runs, restarts and processes (a claim
whose send failed is not retried: never twice beats late), and the nonce makes discord.py's
own retries of a send Discord may have taken safe. Before claiming, the author's membership
is asked by REST (Kindred has no members intent): a member who left gets nothing posted.
"""

from __future__ import annotations

import logging
import secrets
from datetime import time
from zoneinfo import ZoneInfo

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.checks import server_of
from bot.outbound.exactly_once import NONCE_LENGTH
from bot.outbound.pacer import Target, TargetUnavailable
from bot.outbound.scheduler import Fire, RecurringJob
from bot.timing.recurrence import Recurrence
from cogs.challenges.cog.base import ChallengesBase
from cogs.challenges.memory_jar import anniversary_embed, memory_embed
from cogs.challenges.repository.memories import Memory

log = logging.getLogger(__name__)

ANNIVERSARY_JOB = "challenge-anniversaries"  # apart from the channels' "challenges:<id>"
ANNIVERSARY_TIME = Recurrence(time(12, 0), frozenset(range(7)), ZoneInfo("UTC"))
LATE_DAYS = 3


class MemoryJar(ChallengesBase):
    """/challenge memories, and the anniversaries of kept moments."""

    @app_commands.command(name="memories")
    @app_commands.guild_only()
    async def memories_command(self, interaction: discord.Interaction[Kindred]) -> None:
        """Show a moment someone here kept in the memory jar."""
        guild_id, _channel_id = server_of(interaction)
        memory = await self.memories.random_in(guild_id, self.rng)
        if memory is None:
            await interaction.response.send_message(self.text("memory_none"), ephemeral=True)
            return
        embed = memory_embed(
            self.text,
            words=memory.words,
            challenge=memory.challenge,
            user_id=memory.user_id,
            done_at=memory.done_at,
        )
        await interaction.response.send_message(
            embed=discord.Embed.from_dict(embed),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    # -- anniversaries ------------------------------------------------------------------

    def anniversary_job(self) -> RecurringJob:
        return RecurringJob(
            ANNIVERSARY_JOB,
            ANNIVERSARY_TIME,
            self._anniversary_run,
            self.bot.clock.now(),
            what="memory jar anniversaries",
        )

    async def _anniversary_run(self, fire: Fire) -> None:
        await self.post_anniversaries()

    async def post_anniversaries(self) -> int:
        """Post every anniversary due now and not posted yet; how many went out."""
        today = self.bot.clock.now().date()
        posted = 0
        for memory in await self.memories.due_anniversaries(today, LATE_DAYS):
            if await self._post_anniversary(memory):
                posted += 1
        return posted

    async def _still_member(self, memory: Memory) -> bool:
        """Whether the author is still in the server: asked, not cached (no members
        intent). A failed lookup claims nothing, so tomorrow's run asks again."""
        guild = self.bot.get_guild(memory.guild_id)
        if guild is None:
            return False  # Kindred left the server
        try:
            await guild.fetch_member(memory.user_id)
        except discord.NotFound:
            return False
        except discord.HTTPException as exc:
            log.warning(
                "could not look up the author of kept moment %s: %s", memory.completion_id, exc
            )
            return False
        return True

    async def _post_anniversary(self, memory: Memory) -> bool:
        if not await self._still_member(memory):
            return False
        nonce = secrets.token_hex(NONCE_LENGTH)[:NONCE_LENGTH]
        if not await self.memories.claim_anniversary(memory, nonce):
            return False  # posted (or being posted) already, or no longer kept
        channel = self.bot.get_partial_messageable(memory.channel_id, guild_id=memory.guild_id)
        embed = discord.Embed.from_dict(
            anniversary_embed(
                self.text,
                words=memory.words,
                challenge=memory.challenge,
                user_id=memory.user_id,
                done_at=memory.done_at,
            )
        )
        try:
            message = await self.bot.pacer.send(
                Target.channel(memory.channel_id, memory.guild_id),
                lambda: channel.send(
                    self.text("memory_anniversary", member=f"<@{memory.user_id}>"),
                    embed=embed,
                    nonce=nonce,
                    allowed_mentions=discord.AllowedMentions.none(),
                ),
            )
        except (TargetUnavailable, discord.HTTPException) as exc:
            log.warning("could not post the anniversary of kept moment %s: %s",
                        memory.completion_id, exc)  # fmt: skip
            return False
        if not await self.memories.anniversary_sent(
            memory.completion_id, memory.channel_id, message.id
        ):
            # The author deleted their data (or removed the moment) while it was sent.
            await self._delete_post(memory.channel_id, memory.guild_id, message.id)
            return False
        return True

    async def _delete_post(self, channel_id: int, guild_id: int, message_id: int) -> bool:
        """Delete one of Kindred's posts; True if it is gone (or was already)."""
        message = self.bot.get_partial_messageable(
            channel_id, guild_id=guild_id
        ).get_partial_message(message_id)
        try:
            await self.bot.pacer.send(Target.channel(channel_id, guild_id), message.delete)
        except TargetUnavailable as exc:
            return exc.status == 404
        except discord.HTTPException as exc:
            log.warning("could not delete challenge post %s: %s", message_id, exc)
            return False
        return True
