"""A schedule's job: each occurrence posts one challenge, through the core's occurrence
claims, so it is posted exactly once across restarts and crashes.

The post row is created (for the occurrence's key) before anything is sent, and sent with
the fire's nonce: a retry after a crash finds the same row, posts the same challenge, and
Discord keeps one message; its thread is then found rather than opened twice.
"""

from __future__ import annotations

import logging

import discord

from bot.outbound.pacer import Target
from bot.outbound.schedule_jobs import pausing_job
from bot.outbound.scheduler import Fire, RecurringJob
from cogs.challenges.cog.posting import PostingCommands
from cogs.challenges.picker import NothingToPick
from cogs.challenges.repository.schedules import ChallengeSchedule
from cogs.challenges.views import post_view

log = logging.getLogger(__name__)


class ScheduledPosting(PostingCommands):
    """The jobs of the channels' schedules."""

    def _job(self, schedule: ChallengeSchedule) -> RecurringJob:
        key, what = schedule.channel_id, self.text("schedule_job_name")
        return pausing_job(
            schedule, key, self._post_scheduled, self.schedules, self.bot.clock, what
        )

    async def _post_scheduled(self, channel_id: int, fire: Fire) -> None:
        schedule = await self.schedules.get(channel_id)
        if schedule is None or schedule.paused:
            return
        guild_id = schedule.guild_id
        post = await self.posts.post_for_occurrence(channel_id, fire.occurrence.key)
        if post is None:
            try:
                pick, cycle = await self._choose(channel_id, guild_id, None)
            except NothingToPick:
                log.warning("no challenge fits channel %s; nothing posted", channel_id)
                return
            post = await self.posts.create_post(
                channel_id,
                guild_id,
                pick.challenge,
                cycle=cycle,
                occurrence_key=fire.occurrence.key,
            )
            await self._after_pick(channel_id, guild_id, pick, cycle)
        message_id = post.message_id
        if message_id is None:
            channel = self.bot.get_partial_messageable(channel_id, guild_id=guild_id)
            role = schedule.ping_role_id
            embed, view = self._embed(post), post_view(post.id, self.text)
            message = await self.bot.pacer.send(
                Target.channel(channel_id, guild_id),
                lambda: channel.send(
                    f"<@&{role}>" if role else None,
                    embed=embed,
                    view=view,
                    nonce=fire.nonce,
                    allowed_mentions=discord.AllowedMentions(
                        everyone=False,
                        users=False,
                        roles=[discord.Object(role)] if role else False,
                    ),
                ),
            )
            message_id = message.id
            await self.posts.set_post_message(post.id, message_id, None)
        if post.thread_id is None:
            await self._open_thread(post, message_id)
