"""Past 2,500 servers: Kindred connects only sharded, and each shard serves its own servers.

2,600 servers made at once by the fake (one channel each); with discord.py's 5 s pause
between IDENTIFYs skipped by the harness, a sharded start takes about as long as an unsharded
one (the per-shard wait for servers is the harness's 0.05 s).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import discord
import pytest

from bot import __main__ as entry
from bot.fakediscord import Guild
from bot.fakediscord.shards import first_channel, shard_for
from bot.timing.clock import OffsetClock
from bot.timing.recurrence import Recurrence
from tests.e2e.harness import World, assert_clean, running_kindred
from tests.e2e.probes.probe.cog import ProbeSchedule

SERVERS = 2600
PARIS = ZoneInfo("Europe/Paris")
NINE = datetime.combine(datetime(2026, 6, 2, tzinfo=UTC).date(), time(9, 0), PARIS)


def servers_on(world: World, shard_id: int, count: int) -> list[Guild]:
    return [g for g in world.fake.world.guilds.values() if shard_for(g.id, count) == shard_id]


def schedule_in(world: World, guild: Guild) -> ProbeSchedule:
    return ProbeSchedule(
        guild_id=guild.id,
        channel_id=first_channel(world.fake.world, guild).id,
        rule=Recurrence(NINE.timetz().replace(tzinfo=None), frozenset(range(7)), PARIS),
        active_since=NINE - timedelta(hours=1),
    )


async def test_an_unsharded_kindred_past_2500_servers_is_refused_with_a_clear_line(
    world: World, db_path: Path
) -> None:
    world.fake.add_guilds(SERVERS)
    with pytest.raises(discord.ConnectionClosed) as refused:
        async with running_kindred(world, db_path, settings={"shard_count": 1}):
            pass
    assert refused.value.code == 4011
    assert "raise SHARD_COUNT" in (entry.explain_failure(refused.value) or "")
    assert world.fake.gateway.live_sessions == []


@pytest.mark.parametrize("post_on", [0, 1])
async def test_sharded_kindred_answers_and_posts_on_every_shard(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture, post_on: int
) -> None:
    world.fake.add_guilds(SERVERS)
    shards = 3  # what GET /gateway/bot recommends: one per 1,000 servers
    target = servers_on(world, post_on, shards)[0]
    schedule = schedule_in(world, target)
    clock = OffsetClock(NINE.astimezone(UTC) - timedelta(seconds=1))
    async with running_kindred(world, db_path, clock=clock, probe_schedule=schedule) as bot:
        assert bot.shard_count == shards
        assert len(bot.guilds) == SERVERS + 1
        await bot.tree.sync()  # global, so every server has the commands
        for shard_id in (0, 1):
            guild = servers_on(world, shard_id, shards)[1]
            assert bot.get_guild(guild.id) is not None
            assert bot.get_guild(guild.id).shard_id == shard_id  # type: ignore[union-attr]
            world.fake.add_member(guild, world.alice)
            channel = first_channel(world.fake.world, guild)
            handle = await world.fake.slash(world.alice, channel, "probe-time", {"text": "9am"})
            response = await handle.response(timeout=5)
            assert response.content == "read 09:00"
        channel = first_channel(world.fake.world, target)
        posted = await world.fake.wait_for_message(channel, lambda m: True, timeout=10)
        assert posted.content.startswith("Probe post for")
    assert [f.occurrence.key for f in schedule.fired] == ["2026-06-02"]
    assert_clean(world.fake, caplog)


async def test_a_process_with_shard_ids_receives_only_its_shards_servers(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    world.fake.add_guilds(SERVERS)
    settings = {"shard_count": 2, "shard_ids": (1,)}
    async with running_kindred(world, db_path, settings=settings) as bot:
        mine = {g.id for g in servers_on(world, 1, 2)}
        assert {g.id for g in bot.guilds} == mine
        assert [s.shard for s in world.fake.gateway.live_sessions] == [[1, 2]]
    assert_clean(world.fake, caplog)
