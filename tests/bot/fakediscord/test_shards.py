"""The fake's sharding, seen through raw gateway sessions as Discord's docs describe it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.fakediscord import FakeDiscord, Guild
from bot.fakediscord.shards import GuildBatch, event_guild, receives, refusal, shard_for

JSON = dict[str, Any]
TOKEN = "t0ken"  # noqa: S105 (the fake's, checked on REST calls)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(token=TOKEN) as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


class Session:
    """One raw gateway connection that IDENTIFYs and collects what it is sent."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.events: list[tuple[str, JSON]] = []

    async def next_event(self) -> tuple[str, JSON]:
        msg = await self.ws.receive(timeout=5)
        assert msg.type is aiohttp.WSMsgType.TEXT, (msg.type, msg.data, msg.extra)
        frame = json.loads(msg.data)
        event = (str(frame["t"]), dict(frame["d"]))
        self.events.append(event)
        return event

    async def closed_with(self) -> tuple[int | None, str]:
        msg = await self.ws.receive(timeout=5)
        assert msg.type is aiohttp.WSMsgType.CLOSE, (msg.type, msg.data)
        return self.ws.close_code, str(msg.extra)


async def identify(fake: FakeDiscord, http: aiohttp.ClientSession, shard: object = None) -> Session:
    ws = await http.ws_connect(fake.gateway_url)
    hello = json.loads((await ws.receive(timeout=5)).data)
    assert hello["op"] == 10
    data: JSON = {"token": TOKEN, "intents": 513, "properties": {}}
    if shard is not None:
        data["shard"] = shard
    await ws.send_json({"op": 2, "d": data})
    return Session(ws)


async def ready(fake: FakeDiscord, http: aiohttp.ClientSession, shard: object) -> Session:
    """A session past READY and its GUILD_CREATEs."""
    session = await identify(fake, http, shard)
    event, data = await session.next_event()
    assert event == "READY"
    for _ in data["guilds"]:
        assert (await session.next_event())[0] == "GUILD_CREATE"
    return session


def on_shard(guilds: list[Guild], shard_id: int, count: int) -> list[Guild]:
    return [g for g in guilds if shard_for(g.id, count) == shard_id]


async def test_gateway_bot_recommends_a_shard_per_thousand_guilds(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    headers = {"Authorization": f"Bot {TOKEN}"}
    async with http.get(fake.api_base + "/gateway/bot", headers=headers) as resp:
        small = await resp.json()
    assert small["shards"] == 1
    assert small["url"] == fake.gateway_url
    fake.add_guilds(2600)
    async with http.get(fake.api_base + "/gateway/bot", headers=headers) as resp:
        big = await resp.json()
    assert big["shards"] == 3
    limit = big["session_start_limit"]
    assert limit["total"] == 1000
    assert limit["max_concurrency"] == 1
    assert limit["remaining"] == 1000
    assert limit["reset_after"] > 0
    await (await ready(fake, http, [0, 3])).ws.close()
    async with http.get(fake.api_base + "/gateway/bot", headers=headers) as resp:
        assert (await resp.json())["session_start_limit"]["remaining"] == 999


async def test_each_shard_gets_ready_and_guild_creates_for_its_guilds_only(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    guilds = fake.add_guilds(40)
    assert on_shard(guilds, 0, 2) and on_shard(guilds, 1, 2)  # ids spread over both
    for shard_id in (0, 1):
        session = await ready(fake, http, [shard_id, 2])
        ready_ids = {int(g["id"]) for g in session.events[0][1]["guilds"]}
        created = {int(d["id"]) for e, d in session.events[1:]}
        mine = {g.id for g in on_shard(guilds, shard_id, 2)}
        assert ready_ids == created == mine
        assert session.events[0][1]["shard"] == [shard_id, 2]
        await session.ws.close()


async def test_later_guild_events_and_dms_reach_only_their_shard(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    guilds = fake.add_guilds(20)
    zero, one = await ready(fake, http, [0, 2]), await ready(fake, http, [1, 2])
    guild_one = on_shard(guilds, 1, 2)[0]
    await fake.dispatch("TYPING_START", {"guild_id": str(guild_one.id), "channel_id": "1"})
    await fake.dispatch("GUILD_UPDATE", {"id": str(guild_one.id), "name": "renamed"})
    await fake.dispatch("TYPING_START", {"channel_id": "2", "user_id": "3"})  # a DM
    await fake.dispatch("INTERACTION_CREATE", {"id": "9", "channel_id": "2", "type": 2})
    await fake.dispatch("INTERACTION_CREATE", {"id": "8", "guild_id": str(guild_one.id)})
    got_one = [await one.next_event() for _ in range(3)]
    assert [e for e, _ in got_one] == ["TYPING_START", "GUILD_UPDATE", "INTERACTION_CREATE"]
    assert got_one[2][1]["id"] == "8"
    got_zero = [await zero.next_event() for _ in range(2)]
    assert [(e, d.get("guild_id")) for e, d in got_zero] == [
        ("TYPING_START", None),
        ("INTERACTION_CREATE", None),
    ]
    # nothing else is waiting on shard 0: the next frame is this marker, not shard 1's events
    await fake.dispatch("TYPING_START", {"channel_id": "4"})
    assert (await zero.next_event())[1]["channel_id"] == "4"


async def test_unsharded_session_past_2500_guilds_is_closed_with_4011(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    fake.add_guilds(2600)
    for shard in (None, [0, 1]):
        session = await identify(fake, http, shard)
        code, reason = await session.closed_with()
        assert (code, reason) == (4011, "Sharding required")
    assert not fake.gateway.live_sessions


async def test_two_shards_of_2600_guilds_both_start(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    guilds = fake.add_guilds(2600)
    for shard_id in (0, 1):
        session = await identify(fake, http, [shard_id, 2])
        event, data = await session.next_event()
        assert event == "READY"
        assert len(data["guilds"]) == len(on_shard(guilds, shard_id, 2))
        await session.ws.close()


async def test_a_shard_holding_more_than_the_limit_is_closed_with_4011(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    guilds = fake.add_guilds(12)
    fake.gateway.max_guilds_per_shard = max(len(on_shard(guilds, s, 2)) for s in (0, 1)) - 1
    codes = []
    for shard_id in (0, 1):
        codes.append((await (await identify(fake, http, [shard_id, 2])).closed_with())[0])
    assert 4011 in codes


@pytest.mark.parametrize("shard", [[2, 2], [-1, 2], [0, 0], [0], "0,1"])
async def test_an_invalid_shard_is_closed_with_4010(
    fake: FakeDiscord, http: aiohttp.ClientSession, shard: object
) -> None:
    session = await identify(fake, http, shard)
    assert (await session.closed_with()) == (4010, "Invalid shard")


def test_routing_rules_without_a_gateway() -> None:
    assert event_guild("GUILD_DELETE", {"id": "5"}) == 5
    assert event_guild("MESSAGE_CREATE", {"guild_id": "6", "id": "7"}) == 6
    assert event_guild("MESSAGE_CREATE", {"id": "7"}) is None
    assert receives(None, "MESSAGE_CREATE", {"guild_id": str(1 << 22)})
    assert not receives([0, 2], "MESSAGE_CREATE", {"guild_id": str(1 << 22)})
    assert receives([1, 2], "MESSAGE_CREATE", {"guild_id": str(1 << 22)})
    assert not receives([1, 2], "MESSAGE_CREATE", {"channel_id": "1"})
    assert refusal(None, [], max_guilds=0) is None
    assert refusal([0, 1], [1, 2], max_guilds=1) == (4011, "Sharding required")


async def test_add_guilds_makes_many_guilds_cheaply(fake: FakeDiscord) -> None:
    guilds = fake.add_guilds(10_000)
    assert len({g.id for g in guilds}) == 10_000
    assert all(len(g.channel_ids) == 1 for g in guilds)
    assert {shard_for(g.id, 10) for g in guilds} == set(range(10))
    more = fake.add_guilds(3) + GuildBatch(fake.world).add(3)
    assert len({g.id for g in [*guilds, *more]}) == 10_006
    assert len(fake.world.guilds) == 10_006
