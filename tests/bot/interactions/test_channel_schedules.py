"""The schedule helpers every feature shares: the next send times read in the schedule's own
zone (across a clock change too), and which of the needed permissions are missing."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import discord

from bot.interactions.channel_schedules import missing_permissions, next_times
from bot.timing.recurrence import Recurrence


def test_the_next_three_times_are_local_with_a_relative_stamp_each() -> None:
    rule = Recurrence(time(9), frozenset({0, 3}), ZoneInfo("Europe/London"))
    now = datetime(2026, 10, 22, 12, tzinfo=UTC)  # a Thursday; clocks go back on 25 October
    text = next_times(rule, now)
    first, second, third = text.split(", ")
    nine_gmt = int(datetime(2026, 10, 26, 9, tzinfo=UTC).timestamp())
    assert first == f"Mon 26 Oct 09:00 (<t:{nine_gmt}:R>)", "09:00 GMT after the change"
    assert second.startswith("Thu 29 Oct 09:00") and third.startswith("Mon 02 Nov 09:00")
    assert next_times(rule, now, 1) == first


def test_missing_permissions_are_named_in_the_order_asked() -> None:
    granted = discord.Permissions(view_channel=True, embed_links=True)
    needed = ("send_messages", "view_channel", "create_public_threads", "embed_links")
    assert missing_permissions(granted, needed) == ["send_messages", "create_public_threads"]
    assert missing_permissions(discord.Permissions.all(), needed) == []
