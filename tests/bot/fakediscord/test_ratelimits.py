"""The fake enforces Discord's global and per-route REST limits, so pacing can be measured."""

from __future__ import annotations

import asyncio

import aiohttp
import discord

from bot.fakediscord import FakeDiscord
from bot.fakediscord.ratelimits import RateLimits
from tests.bot.fakediscord.harness import Sandbox

MESSAGES = "/channels/{channel_id}/messages"
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
FOLLOWUP = "/webhooks/{webhook_id}/{webhook_token}"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def limits(clock: Clock, **kwargs: object) -> RateLimits:
    return RateLimits(monotonic=clock, wall=lambda: 1_000.0 + clock.now, **kwargs)  # type: ignore[arg-type]


def test_global_limit_refuses_the_request_over_n_in_a_window() -> None:
    clock = Clock()
    rl = limits(clock, global_limit=3, window=1.0, route_limits={})
    for _ in range(3):
        assert rl.admit("GET", "/channels/{channel_id}", {"channel_id": "1"}, {}) is None
        clock.now += 0.1
    refused = rl.admit("GET", "/users/@me", {}, {})
    assert refused is not None
    assert refused.body == {
        "message": "You are being rate limited.",
        "retry_after": 0.7,
        "global": True,
    }
    assert refused.headers["X-RateLimit-Global"] == "true"
    assert refused.headers["X-RateLimit-Scope"] == "global"
    assert refused.headers["Retry-After"] == "1"
    assert "Via" in refused.headers
    clock.now = 101.0  # the first request has left the window
    assert rl.admit("GET", "/users/@me", {}, {}) is None
    assert rl.global_429s == 1 and rl.route_429s == 0
    assert rl.max_in_window == 4  # the refused request still reached Discord


def test_interaction_endpoints_are_not_bound_to_the_global_limit() -> None:
    clock = Clock()
    rl = limits(clock, global_limit=1, route_limits={})
    assert rl.admit("GET", "/users/@me", {}, {}) is None
    for template in (CALLBACK, FOLLOWUP, FOLLOWUP + "/messages/@original"):
        assert rl.admit("POST", template, {"webhook_id": "9"}, {}) is None
    assert rl.admit("GET", "/users/@me", {}, {}) is not None
    assert rl.global_429s == 1 and rl.max_in_window == 2


def test_route_bucket_per_channel_with_headers() -> None:
    clock = Clock()
    rl = limits(clock, global_limit=50, route_limits={f"POST {MESSAGES}": (2, 5.0)})
    headers: dict[str, str] = {}
    assert rl.admit("POST", MESSAGES, {"channel_id": "1"}, headers) is None
    assert headers["X-RateLimit-Limit"] == "2"
    assert headers["X-RateLimit-Remaining"] == "1"
    assert headers["X-RateLimit-Reset-After"] == "5.000"
    assert headers["X-RateLimit-Reset"] == "1105.000"
    bucket = headers["X-RateLimit-Bucket"]
    clock.now += 1.0
    headers = {}
    assert rl.admit("POST", MESSAGES, {"channel_id": "1"}, headers) is None
    assert headers["X-RateLimit-Remaining"] == "0"
    assert headers["X-RateLimit-Reset-After"] == "4.000"
    assert headers["X-RateLimit-Bucket"] == bucket
    refused = rl.admit("POST", MESSAGES, {"channel_id": "1"}, {})
    assert refused is not None
    assert refused.body["global"] is False and refused.body["retry_after"] == 4.0
    assert refused.headers["X-RateLimit-Scope"] == "user"
    assert "X-RateLimit-Global" not in refused.headers
    assert "Via" in refused.headers
    # another channel has its own bucket; the refused channel's resets after 5 s
    assert rl.admit("POST", MESSAGES, {"channel_id": "2"}, {}) is None
    clock.now += 4.0
    assert rl.admit("POST", MESSAGES, {"channel_id": "1"}, {}) is None
    assert rl.route_429s == 1 and rl.global_429s == 0


def test_refused_by_route_does_not_use_a_global_slot() -> None:
    clock = Clock()
    rl = limits(clock, global_limit=2, route_limits={f"POST {MESSAGES}": (1, 5.0)})
    assert rl.admit("POST", MESSAGES, {"channel_id": "1"}, {}) is None
    assert rl.admit("POST", MESSAGES, {"channel_id": "1"}, {}) is not None
    assert rl.admit("GET", "/users/@me", {}, {}) is None
    assert rl.global_429s == 0 and rl.route_429s == 1


async def test_http_answers_a_global_429_as_discord_does() -> None:
    fake = FakeDiscord(rate_limits=RateLimits(global_limit=2, window=60.0))
    async with fake, aiohttp.ClientSession() as session:
        statuses = []
        for _ in range(3):
            async with session.get(fake.api_base + "/gateway") as resp:
                statuses.append(resp.status)
                body = await resp.json()
        assert statuses == [200, 200, 429]
        assert resp.headers["Content-Type"] == "application/json"
        assert resp.headers["X-RateLimit-Global"] == "true"
        assert resp.headers["X-RateLimit-Scope"] == "global"
        assert int(resp.headers["Retry-After"]) >= 59
        assert "Via" in resp.headers
        assert body["global"] is True and 59 < body["retry_after"] <= 60
    assert fake.rate_limits is not None and fake.rate_limits.global_429s == 1
    assert [r.status for r in fake.requests] == [200, 200, 429]


async def test_discord_py_waits_out_both_limits_and_every_message_lands(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    fake.rate_limits = RateLimits(
        global_limit=3, window=0.2, route_limits={f"POST {MESSAGES}": (2, 0.3)}
    )
    channels = [sandbox.general, fake.channel(sandbox.guild, "random")]
    before = {c.id: len(fake.messages(c)) for c in channels}
    targets = [sandbox.bot.get_channel(c.id) for c in channels]
    assert all(isinstance(t, discord.TextChannel) for t in targets)
    sends = [
        t.send(f"n{i}") for i in range(4) for t in targets if isinstance(t, discord.TextChannel)
    ]
    await asyncio.wait_for(asyncio.gather(*sends), timeout=5)
    assert {c.id: len(fake.messages(c)) - before[c.id] for c in channels} == {
        c.id: 4 for c in channels
    }
    assert fake.rate_limits.global_429s >= 1  # discord.py has no global throttle of its own
    sandbox.assert_clean()
