"""Daily tidying that keeps Kindred's promises about data.

Once a day (and once at every start, so nothing waits on an uptime of a whole day):

- the data of servers Kindred left more than 30 days ago is purged;
- finished private-message rows older than the weekly limit's window are removed, and
  notices shown more than 30 days ago;
- bot posts whose author deleted their data, and that could not be deleted yet, are
  deleted from Discord.

It runs as a :class:`~bot.scheduler.RecurringJob`, so it survives restarts like any
scheduled post and runs once per day even with several processes on one database.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord

from bot.pacer import Target, TargetUnavailable
from bot.recurrence import Recurrence
from bot.scheduler import Fire, RecurringJob

if TYPE_CHECKING:
    from bot.client import Kindred

log = logging.getLogger(__name__)

JOB_KEY = "core:housekeeping"
DAILY = Recurrence(time(4, 0), frozenset(range(7)), ZoneInfo("UTC"))


class Housekeeping:
    def __init__(self, bot: Kindred) -> None:
        self._bot = bot
        self._posts_lock = asyncio.Lock()

    def job(self, active_since: datetime) -> RecurringJob:
        return RecurringJob(JOB_KEY, DAILY, self._on_fire, active_since, what="housekeeping")

    async def _on_fire(self, fire: Fire) -> None:
        await self.run()

    async def run(self) -> None:
        bot = self._bot
        now = bot.clock.now()
        purged = await bot.data_rights.purge_departed(now)
        for guild_id in purged:
            log.info("purged the data of server %s, which Kindred left 30+ days ago", guild_id)
        forgotten = await bot.delivery.forget_finished(now)
        forgotten += await bot.notices.forget_delivered(now)
        if forgotten:
            log.info("forgot %d finished private messages and shown notices", forgotten)
        await self.delete_pending_posts()

    async def delete_pending_posts(self) -> int:
        """Delete the bot's posts queued by ``/mydata delete``; returns how many went."""
        bot = self._bot
        deleted = 0
        async with self._posts_lock:  # /mydata and the daily run must not race
            for post in await bot.data_rights.pending_post_deletions():
                message = bot.get_partial_messageable(post.channel_id).get_partial_message(
                    post.message_id
                )
                try:
                    await bot.pacer.send(Target.channel(post.channel_id, None), message.delete)
                except TargetUnavailable:
                    pass  # already gone, or we can no longer see it: nothing left to do
                except (discord.HTTPException, OSError) as exc:
                    log.warning("could not delete a post yet (%s); will retry", exc)
                    await bot.data_rights.post_deletion_failed(post)
                    continue
                await bot.data_rights.post_deleted(post)
                deleted += 1
        return deleted
