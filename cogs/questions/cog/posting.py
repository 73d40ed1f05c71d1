"""How a question reaches a channel: picked without repeats, posted (on schedule or with
/question now) with its buttons, and given a thread for the day's answers.

A scheduled post is created in the database before it is sent, so a retry after a crash
asks the same question with the same nonce.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import discord
from discord import app_commands

from bot.app.client import Kindred
from bot.interactions.channel_schedules import missing_permissions
from bot.interactions.checks import server_of
from bot.interactions.user_error import UserFacingError
from bot.outbound.pacer import Target
from bot.outbound.schedule_jobs import pausing_job
from bot.outbound.scheduler import Fire, RecurringJob
from bot.outbound.threads import open_thread_on
from bot.timing.recurrence import local_date_of, upcoming
from cogs.questions.cog.base import CATEGORY_CHOICES, DEPTH_CHOICES, QuestionsBase
from cogs.questions.picker import NothingToAsk, Pick, pick_question
from cogs.questions.render import depth_label, post_embed, thread_name
from cogs.questions.repository.channels import Post
from cogs.questions.repository.schedules import Schedule
from cogs.questions.views import post_view

log = logging.getLogger(__name__)

NOW_COOLDOWN = timedelta(minutes=10)

POST_PERMISSIONS = (
    "view_channel",
    "send_messages",
    "embed_links",
    "create_public_threads",
    "send_messages_in_threads",
    "read_message_history",
)


class Posting(QuestionsBase):
    """Picking and posting, for the schedules' jobs and for /question now."""

    def _job(self, schedule: Schedule) -> RecurringJob:
        key, what = schedule.channel_id, self.text("job_name")
        return pausing_job(
            schedule, key, self._post_scheduled, self.schedules, self.bot.clock, what
        )

    def _require_permissions(self, permissions: discord.Permissions, where: str) -> None:
        """Refuse before saving anything if Kindred could not post questions there."""
        missing = [
            self.text(f"permission_{name}")
            for name in missing_permissions(permissions, POST_PERMISSIONS)
        ]
        if missing:
            raise UserFacingError(
                self.text("missing_permissions", channel=where, missing=", ".join(missing))
            )

    async def _pick(
        self,
        channel_id: int,
        guild_id: int,
        *,
        category: str | None = None,
        depth: int | None = None,
    ) -> Pick:
        state = await self.channels.state(channel_id, guild_id)
        return pick_question(
            await self._candidates(guild_id),
            await self.channels.asked_in_cycle(channel_id, state.cycle),
            cycle=state.cycle,
            ceiling=await self._ceiling(channel_id, guild_id),
            rng=self.rng,
            category=category,
            depth=depth,
        )

    async def _after_pick(self, channel_id: int, guild_id: int, pick: Pick) -> None:
        """Tell admins when a channel starts over, or is running low (once per cycle)."""
        channel = f"<#{channel_id}>"
        if pick.new_cycle:
            await self.bot.notices.tell_admins(
                guild_id,
                f"questions-cycle:{channel_id}:{pick.cycle}",
                self.text("notice_new_cycle", channel=channel),
            )
        elif pick.running_low and await self.channels.mark_low_warned(channel_id, pick.cycle):
            await self.bot.notices.tell_admins(
                guild_id,
                f"questions-low:{channel_id}:{pick.cycle}",
                self.text("notice_running_low", channel=channel, left=pick.fresh_left),
            )

    def _embed(self, post: Post) -> discord.Embed:
        return discord.Embed.from_dict(
            post_embed(
                self.text,
                number=post.number,
                text=post.question_text,
                category=post.category,
                depth=post.depth,
            )
        )

    async def _post_scheduled(self, channel_id: int, fire: Fire) -> None:
        schedule = await self.schedules.get(channel_id)
        if schedule is None or schedule.paused:
            return
        guild_id = schedule.guild_id
        post = await self.channels.post_for_occurrence(channel_id, fire.occurrence.key)
        if post is None:
            try:
                pick = await self._pick(channel_id, guild_id)
            except NothingToAsk:
                log.warning("no question fits channel %s; nothing posted", channel_id)
                return
            post = await self.channels.create_post(
                channel_id, guild_id, pick, occurrence_key=fire.occurrence.key
            )
            await self._after_pick(channel_id, guild_id, pick)
        channel = self.bot.get_partial_messageable(channel_id, guild_id=guild_id)
        message_id = post.message_id
        if message_id is None:
            role = schedule.ping_role_id
            sent_post = post
            message = await self.bot.pacer.send(
                Target.channel(channel_id, guild_id),
                lambda: channel.send(
                    f"<@&{role}>" if role else None,
                    embed=self._embed(sent_post),
                    view=post_view(sent_post.id, self.text),
                    nonce=fire.nonce,
                    allowed_mentions=discord.AllowedMentions(
                        roles=[discord.Object(role)] if role else False
                    ),
                ),
            )
            message_id = message.id
            await self.channels.set_post_message(post.id, message_id, None)
        if post.thread_id is None:
            await self._open_thread(post, channel_id, guild_id, message_id)

    async def _open_thread(
        self, post: Post, channel_id: int, guild_id: int, message_id: int
    ) -> int | None:
        """A thread for the day's answers; if the bot may not create one, answers go to
        the channel instead (and admins hear why from /question schedule's checks)."""
        thread_id = await open_thread_on(
            self.bot,
            self.bot.pacer,
            channel_id=channel_id,
            guild_id=guild_id,
            message_id=message_id,
            name=thread_name(post.number, post.question_text),
            what=f"post {post.id}",
        )
        if thread_id is None:
            return None
        await self.channels.set_post_message(post.id, message_id, thread_id)
        return thread_id


class PostingCommands(Posting):
    """/question now and /question today."""

    @app_commands.command(name="now")
    @app_commands.guild_only()
    @app_commands.describe(category="Only this kind of question", depth="Only this depth")
    @app_commands.choices(category=CATEGORY_CHOICES)
    @app_commands.choices(depth=DEPTH_CHOICES)
    async def now(
        self,
        interaction: discord.Interaction[Kindred],
        category: str | None = None,
        depth: int | None = None,
    ) -> None:
        """Post a question here now."""
        guild_id, channel_id = server_of(interaction)
        if isinstance(interaction.channel, discord.Thread):
            raise UserFacingError(self.text("not_in_thread"))
        self._require_permissions(interaction.app_permissions, self.text("this_channel"))
        ceiling = await self._ceiling(channel_id, guild_id)
        if depth is not None and depth > ceiling:
            raise UserFacingError(self.text("too_deep_for_channel", depth=depth_label(ceiling)))
        try:
            pick = await self._pick(channel_id, guild_id, category=category, depth=depth)
        except NothingToAsk as nothing:
            raise UserFacingError(self.text(f"nothing_{nothing.reason}")) from None
        now = self.bot.clock.now()
        if not await self.channels.claim_now_slot(channel_id, guild_id, now - NOW_COOLDOWN):
            state = await self.channels.state(channel_id, guild_id)
            ready = (state.last_now_at or now) + NOW_COOLDOWN
            raise UserFacingError(self.text("cooldown", when=f"<t:{int(ready.timestamp())}:R>"))
        post = await self.channels.create_post(channel_id, guild_id, pick, occurrence_key=None)
        try:
            await interaction.response.send_message(
                embed=self._embed(post), view=post_view(post.id, self.text)
            )
            message = await interaction.original_response()
        except discord.HTTPException:
            # Never posted: the question was not asked and the cooldown was not used.
            await self.channels.delete_post(post.id)
            await self.channels.release_now_slot(channel_id)
            raise
        await self.channels.set_post_message(post.id, message.id, None)
        await self._after_pick(channel_id, guild_id, pick)
        await self._open_thread(post, channel_id, guild_id, message.id)

    @app_commands.command(name="today")
    @app_commands.guild_only()
    async def today(self, interaction: discord.Interaction[Kindred]) -> None:
        """Today's question in this channel, with a link to it."""
        guild_id, channel_id = server_of(interaction)
        post = await self.channels.latest_post(channel_id)
        schedule = await self.schedules.get(channel_id)
        zone = schedule.zone if schedule else None
        now = self.bot.clock.now()
        if (
            post is None
            or post.message_id is None
            or (
                zone is not None
                and local_date_of(post.created_at, zone) != local_date_of(now, zone)
            )
            or (zone is None and now - post.created_at > timedelta(days=1))
        ):
            upcoming_text = ""
            if schedule is not None and not schedule.paused:
                next_at = upcoming(schedule.rule, now, 1)[0].fires_at
                upcoming_text = " " + self.text("next_at", when=f"<t:{int(next_at.timestamp())}:R>")
            await interaction.response.send_message(
                self.text("none_today") + upcoming_text, ephemeral=True
            )
            return
        link = f"https://discord.com/channels/{guild_id}/{channel_id}/{post.message_id}"
        await interaction.response.send_message(
            self.text("today", number=post.number, question=post.question_text, link=link),
            ephemeral=True,
        )
