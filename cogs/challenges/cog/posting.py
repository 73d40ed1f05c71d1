"""How a challenge reaches a channel: /challenge now (and a schedule's job, in
``scheduled``) chooses one of the channel's kinds (never deeper than the channel's ceiling,
no repeat until the bank is used up), posts it with its buttons, and opens its thread for
the completions. Admins hear once a round when fresh challenges run low, and when a new
round starts."""

from __future__ import annotations

from datetime import timedelta

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.channel_schedules import missing_permissions
from bot.interactions.checks import server_of
from bot.interactions.user_error import UserFacingError
from bot.outbound.threads import open_thread_on
from cogs.challenges.bank import KINDS
from cogs.challenges.cog.base import ChallengesBase
from cogs.challenges.picker import NothingToPick, Pick, pick_challenge
from cogs.challenges.render import post_embed, thread_name
from cogs.challenges.repository.posts import Post
from cogs.challenges.schedule_options import describe_kinds
from cogs.challenges.views import post_view

NOW_COOLDOWN = timedelta(minutes=10)
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

    async def _kinds(self, channel_id: int) -> frozenset[str]:
        """The kinds a channel takes: its schedule's, or every kind without one."""
        schedule = await self.schedules.get(channel_id)
        return schedule.kinds if schedule else frozenset(KINDS)

    def _require_permissions(
        self, permissions: discord.Permissions, key: str, **values: str
    ) -> None:
        """Refuse before anything is saved or posted where Kindred could not post."""
        missing = missing_permissions(permissions, POST_PERMISSIONS)
        if missing:
            names = ", ".join(self.text(f"permission_{name}") for name in missing)
            raise UserFacingError(self.text(key, missing=names, **values))

    async def _choose(self, channel_id: int, guild_id: int, kind: str | None) -> tuple[Pick, int]:
        """The pick, and the round it belongs to (the next one when the bank was used up)."""
        state = await self.posts.state(channel_id, guild_id)
        pick = pick_challenge(
            self.bank,
            await self.posts.given_in_cycle(channel_id, state.cycle),
            kinds=await self._kinds(channel_id),
            ceiling=state.max_depth,
            rng=self.rng,
            kind=kind,
        )
        return pick, state.cycle + 1 if pick.new_cycle else state.cycle

    async def _after_pick(self, channel_id: int, guild_id: int, pick: Pick, cycle: int) -> None:
        """Tell admins when a channel starts over, or is running low (once per round)."""
        channel = f"<#{channel_id}>"
        if pick.new_cycle:
            await self.bot.notices.tell_admins(
                guild_id,
                f"challenges-cycle:{channel_id}:{cycle}",
                self.text("notice_new_cycle", channel=channel),
            )
        elif pick.running_low and await self.posts.mark_low_warned(channel_id, cycle):
            await self.bot.notices.tell_admins(
                guild_id,
                f"challenges-low:{channel_id}:{cycle}",
                self.text("notice_running_low", channel=channel, left=pick.fresh_left),
            )

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
        self._require_permissions(interaction.app_permissions, "missing_permissions")
        kinds = await self._kinds(channel_id)
        if kind is not None and kind not in kinds:
            raise UserFacingError(self.text("schedule_kind_not_taken", kinds=describe_kinds(kinds)))
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
        await self._after_pick(channel_id, guild_id, pick, cycle)
        await self._open_thread(post, message.id)

    async def _open_thread(self, post: Post, message_id: int) -> int | None:
        """A thread for the completions; without one they go to the channel itself."""
        thread_id = await open_thread_on(
            self.bot,
            self.bot.pacer,
            channel_id=post.channel_id,
            guild_id=post.guild_id,
            message_id=message_id,
            name=thread_name(self.text, post.number, post.kind),
            what=f"challenge post {post.id}",
        )
        if thread_id is not None:
            await self.posts.set_post_message(post.id, message_id, thread_id)
        return thread_id
