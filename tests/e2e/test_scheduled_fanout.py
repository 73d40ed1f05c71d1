"""A fan-out at one minute stays under Discord's global limit, enforced by the fake."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.fakediscord import RateLimits
from bot.outbound.pacer import Target
from bot.outbound.scheduler import Fire, RecurringJob
from bot.timing.clock import OffsetClock
from bot.timing.recurrence import Recurrence
from tests.e2e.harness import World, running_kindred

CHANNELS = 60
#: Discord's 50 per second scaled down to 20 per half second, the pacer's margin alike (48 of
#: 50 becomes 19 of 20): the fan-out takes 1.6 s, not 2.5, and an unpaced Kindred goes over
#: it (tried: two global 429s, which discord.py retried)
GLOBAL_LIMIT = 20
PACER_LIMIT = 19
WINDOW = 0.5
NINE = datetime(2026, 6, 2, 9, 0, tzinfo=UTC)


async def test_60_channels_at_one_minute_post_once_each_without_a_global_429(
    world: World, db_path: Path
) -> None:
    fake = world.fake
    channels = [fake.add_channel(world.guild, f"room-{i}") for i in range(CHANNELS)]
    clock = OffsetClock(NINE - timedelta(seconds=0.2))
    rule = Recurrence(time(9, 0), frozenset(range(7)), ZoneInfo("UTC"))
    async with running_kindred(world, db_path, clock=clock) as bot:
        # per-route buckets as Discord's: 5 posts per 5 s in each channel
        limits = fake.rate_limits = RateLimits(global_limit=GLOBAL_LIMIT, window=WINDOW)
        bot.pacer.limit, bot.pacer.window = PACER_LIMIT, WINDOW

        def poster(channel_id: int) -> RecurringJob:
            async def post(fire: Fire) -> None:
                channel = bot.get_partial_messageable(channel_id, guild_id=world.guild.id)
                await bot.pacer.send(
                    Target.channel(channel_id, world.guild.id),
                    lambda: channel.send("Good morning", nonce=fire.nonce),
                )

            return RecurringJob(f"fanout:{channel_id}", rule, post, NINE - timedelta(hours=1))

        for channel in channels:
            await bot.scheduler.add(poster(channel.id))
        await fake.wait_until(
            lambda: all(fake.messages(c) for c in channels) or None, 10, "every channel's post"
        )
        await asyncio.sleep(0.3)  # would a second post follow anywhere?
    assert [len(fake.messages(c)) for c in channels] == [1] * CHANNELS
    assert (limits.global_429s, limits.route_429s) == (0, 0)
    assert PACER_LIMIT - 2 <= limits.max_in_window <= GLOBAL_LIMIT  # close to it, never over
    assert bot.pacer.pauses == 0


async def test_a_global_429_met_by_any_request_pauses_the_pacer(
    world: World, db_path: Path
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path) as bot:
        limits = fake.rate_limits = RateLimits(global_limit=1, window=0.3)
        assert bot.pacer.pauses == 0
        # two unpaced requests: the second meets a global 429, which discord.py waits out
        await asyncio.gather(*(bot.fetch_channel(world.general.id) for _ in range(2)))
        assert limits.global_429s >= 1
        assert bot.pacer.pauses >= 1
