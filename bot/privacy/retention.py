"""Daily tidying that keeps Kindred's promises about data.

Once a day (and once at every start, so nothing waits on an uptime of a whole day):

- the data of servers Kindred left more than 30 days ago is purged;
- finished private-message rows older than the weekly limit's window are removed, and
  notices shown more than 30 days ago;
- bot posts whose author deleted their data, and that could not be deleted yet, are
  deleted from Discord (:class:`PostDeleter`, which a member's own deletion also uses at once).

It runs as a :class:`~bot.outbound.scheduler.RecurringJob`, so it survives restarts like any
scheduled post and runs once per day even with several processes on one database. It is
given the services it tidies, never the bot itself.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time
from zoneinfo import ZoneInfo

import discord

from bot.outbound.delivery import Delivery
from bot.outbound.notices import Notices
from bot.outbound.pacer import Pacer, Target, TargetUnavailable
from bot.outbound.scheduler import Fire, RecurringJob
from bot.privacy.data_rights import DataRights
from bot.timing.clock import Clock
from bot.timing.recurrence import Recurrence

log = logging.getLogger(__name__)

JOB_KEY = "core:housekeeping"
DAILY = Recurrence(time(4, 0), frozenset(range(7)), ZoneInfo("UTC"))


class PostDeleter:
    """Deletes the bot's posts that a member's deletion queued, now and after restarts."""

    def __init__(self, client: discord.Client, data_rights: DataRights, pacer: Pacer) -> None:
        self._client = client
        self._data_rights = data_rights
        self._pacer = pacer
        self._lock = asyncio.Lock()

    async def delete_pending(self) -> int:
        """Delete every queued post; returns how many went."""
        deleted = 0
        async with self._lock:  # a member's deletion and the daily run must not race
            for post in await self._data_rights.pending_post_deletions():
                message = self._client.get_partial_messageable(post.channel_id).get_partial_message(
                    post.message_id
                )
                try:
                    await self._pacer.send(Target.channel(post.channel_id, None), message.delete)
                except TargetUnavailable:
                    pass  # already gone, or we can no longer see it: nothing left to do
                except (discord.HTTPException, OSError) as exc:
                    log.warning("could not delete a post yet (%s); will retry", exc)
                    await self._data_rights.post_deletion_failed(post)
                    continue
                await self._data_rights.post_deleted(post)
                deleted += 1
        return deleted


class Retention:
    """The daily run over the services that keep data; each is handed in, not looked up."""

    def __init__(
        self,
        *,
        clock: Clock,
        data_rights: DataRights,
        delivery: Delivery,
        notices: Notices,
        post_deleter: PostDeleter,
    ) -> None:
        self._clock = clock
        self._data_rights = data_rights
        self._delivery = delivery
        self._notices = notices
        self._post_deleter = post_deleter

    def job(self, active_since: datetime) -> RecurringJob:
        return RecurringJob(JOB_KEY, DAILY, self._on_fire, active_since, what="housekeeping")

    async def _on_fire(self, fire: Fire) -> None:
        await self.run()

    async def run(self) -> None:
        now = self._clock.now()
        purged = await self._data_rights.purge_departed(now)
        for guild_id in purged:
            log.info("purged the data of server %s, which Kindred left 30+ days ago", guild_id)
        forgotten = await self._delivery.forget_finished(now)
        forgotten += await self._notices.forget_delivered(now)
        if forgotten:
            log.info("forgot %d finished private messages and shown notices", forgotten)
        await self._post_deleter.delete_pending()
