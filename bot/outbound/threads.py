"""Opening the thread that belongs to a post (the day's answers, completions…) on the
message the bot just posted.

A post is created in the database before it is sent, so a retry after a crash may find
that Discord already made the thread last time: it answers 160004, and since a thread
started from a message shares that message's id, the thread is known without asking again.
"""

from __future__ import annotations

import logging
from typing import Final, Literal

import discord

from bot.outbound.pacer import Pacer, Target, TargetUnavailable

log = logging.getLogger(__name__)

THREAD_ALREADY_EXISTS = 160004
ARCHIVE_AFTER_MINUTES: Final[Literal[1440]] = 1440  # a day


async def open_thread_on(
    client: discord.Client,
    pacer: Pacer,
    *,
    channel_id: int,
    guild_id: int,
    message_id: int,
    name: str,
    what: str,
) -> int | None:
    """The id of the thread on ``message_id`` (opened now, or found already there), or None
    when Discord would not open one: then whatever would go in it goes to the channel.
    ``what`` names the post in log lines."""
    message = client.get_partial_messageable(channel_id, guild_id=guild_id).get_partial_message(
        message_id
    )
    try:
        thread = await pacer.send(
            Target.channel(channel_id, guild_id),
            lambda: message.create_thread(name=name, auto_archive_duration=ARCHIVE_AFTER_MINUTES),
        )
    except discord.HTTPException as exc:
        if exc.code != THREAD_ALREADY_EXISTS:
            log.warning("could not open a thread for %s: %s", what, exc)
            return None
        return message_id  # a thread started from a message shares its id
    except TargetUnavailable as exc:
        log.warning("could not open a thread for %s: HTTP %s", what, exc.status)
        return None
    return thread.id
