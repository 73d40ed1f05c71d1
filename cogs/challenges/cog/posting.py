"""How a challenge reaches a channel: /challenge now chooses one (never deeper than the
channel's ceiling, no repeat until the bank is used up), posts it with its buttons, and
opens its thread for the completions."""

from __future__ import annotations

import logging
from datetime import timedelta

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.checks import server_of
from bot.interactions.user_error import UserFacingError
from bot.outbound.pacer import Target, TargetUnavailable
from cogs.challenges.bank import KINDS
from cogs.challenges.cog.base import ChallengesBase
from cogs.challenges.picker import NothingToPick, Pick, pick_challenge
from cogs.challenges.render import post_embed, thread_name
from cogs.challenges.repository.posts import Post
from cogs.challenges.views import post_view

log = logging.getLogger(__name__)

NOW_COOLDOWN = timedelta(minutes=10)
THREAD_ALREADY_EXISTS = 160004
POST_PERMISSIONS = (
    "view_channel",
    "send_messages",
    "embed_links",
    "create_public_threads",
    "send_messages_in_threads",
)
KIND_CHOICES = [app_commands.Choice(name=k.capitalize(), value=k) for k in KINDS]


class PostingCommands(ChallengesBase):
    """/challenge now."""

    async def _choose(self, channel_id: int, guild_id: int, kind: str | None) -> tuple[Pick, int]:
        """The pick, and the round it belongs to (the next one when the bank was used up).
        Every kind is accepted until a channel's admins can choose some."""
        state = await self.posts.state(channel_id, guild_id)
        pick = pick_challenge(
            self.bank,
            await self.posts.given_in_cycle(channel_id, state.cycle),
            kinds=(),
            ceiling=state.max_depth,
            rng=self.rng,
            kind=kind,
        )
        return pick, state.cycle + 1 if pick.new_cycle else state.cycle

    def _embed(self, post: Post) -> discord.Embed:
        return discord.Embed.from_dict(
            post_embed(
                self.text,
                number=post.number,
                text=post.text,
                kind=post.kind,
                depth=post.depth,
                size=post.size,
            )
        )

    @app_commands.command(name="now")
    @app_commands.guild_only()
    @app_commands.describe(kind="Only this kind of challenge")
    @app_commands.choices(kind=KIND_CHOICES)
    async def now(self, interaction: discord.Interaction[Kindred], kind: str | None = None) -> None:
        """Post a fun challenge here now."""
        guild_id, channel_id = server_of(interaction)
        if isinstance(interaction.channel, discord.Thread):
            raise UserFacingError(self.text("not_in_thread"))
        permissions = interaction.app_permissions
        missing = [
            self.text(f"permission_{p}") for p in POST_PERMISSIONS if not getattr(permissions, p)
        ]
        if missing:
            raise UserFacingError(self.text("missing_permissions", missing=", ".join(missing)))
        try:
            pick, cycle = await self._choose(channel_id, guild_id, kind)
        except NothingToPick as nothing:
            raise UserFacingError(self.text(f"nothing_{nothing.reason}")) from None
        now = self.bot.clock.now()
        if not await self.posts.claim_now_slot(channel_id, guild_id, now - NOW_COOLDOWN):
            state = await self.posts.state(channel_id, guild_id)
            ready = (state.last_now_at or now) + NOW_COOLDOWN
            raise UserFacingError(self.text("cooldown", when=f"<t:{int(ready.timestamp())}:R>"))
        post = await self.posts.create_post(channel_id, guild_id, pick.challenge, cycle=cycle)
        try:
            await interaction.response.send_message(
                embed=self._embed(post), view=post_view(post.id, self.text)
            )
            message = await interaction.original_response()
        except discord.HTTPException:
            # Never posted: the challenge was not given and the cooldown was not used.
            await self.posts.delete_post(post.id)
            await self.posts.release_now_slot(channel_id)
            raise
        await self.posts.set_post_message(post.id, message.id, None)
        await self._open_thread(post, message.id)

    async def _open_thread(self, post: Post, message_id: int) -> int | None:
        """A thread for the completions; without one they go to the channel itself."""
        message = self.bot.get_partial_messageable(
            post.channel_id, guild_id=post.guild_id
        ).get_partial_message(message_id)
        try:
            thread = await self.bot.pacer.send(
                Target.channel(post.channel_id, post.guild_id),
                lambda: message.create_thread(
                    name=thread_name(self.text, post.number, post.kind),
                    auto_archive_duration=1440,
                ),
            )
            thread_id = thread.id
        except discord.HTTPException as exc:
            if exc.code != THREAD_ALREADY_EXISTS:
                log.warning("could not open a thread for challenge post %s: %s", post.id, exc)
                return None
            thread_id = message_id  # a thread started from a message shares its id
        except TargetUnavailable as exc:
            log.warning(
                "could not open a thread for challenge post %s: HTTP %s", post.id, exc.status
            )
            return None
        await self.posts.set_post_message(post.id, message_id, thread_id)
        return thread_id
