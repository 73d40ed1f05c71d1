"""What every feature's channel-schedule commands share: whether Kindred may post in the
channel being scheduled, and the next send times as an admin reads them.

The permission check runs before anything is saved, so a schedule that could never post is
refused with a clear answer instead of failing every day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import discord

from bot.timing.recurrence import Recurrence, upcoming

NEXT_TIMES = 3


def bot_permissions_in(
    interaction: discord.Interaction[Any], channel: discord.abc.GuildChannel
) -> discord.Permissions:
    """What Kindred may do in ``channel``: the interaction says so for its own channel;
    for another, the cached overwrites do."""
    if interaction.channel_id == channel.id:
        return interaction.app_permissions
    return channel.permissions_for(channel.guild.me)


def missing_permissions(permissions: discord.Permissions, needed: Iterable[str]) -> list[str]:
    """The names in ``needed`` (``discord.Permissions`` attributes) that Kindred lacks, in
    the order given, for the feature to turn into its own words."""
    return [name for name in needed if not getattr(permissions, name)]


def next_times(rule: Recurrence, now: datetime, count: int = NEXT_TIMES) -> str:
    """The next ``count`` send times, in the schedule's own zone with a relative time each
    reader's client shows in theirs."""
    parts = []
    for occurrence in upcoming(rule, now, count):
        local = occurrence.fires_at.astimezone(rule.zone)
        parts.append(f"{local:%a %d %b %H:%M} (<t:{int(occurrence.fires_at.timestamp())}:R>)")
    return ", ".join(parts)
