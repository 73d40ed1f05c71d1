"""The pacer's window holds under any timing, stalls included, and a global 429 pauses all."""

from __future__ import annotations

import asyncio

import aiohttp
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.fakediscord import FakeDiscord, RateLimits
from bot.outbound.pacer import Pacer, Target
from tests.bot.outbound.fake_time import FakeTime

WINDOW = 1.0
_DUST = 1e-9


def most_in_one_window(points: list[float]) -> int:
    ordered = sorted(points)
    return max((sum(1 for q in ordered if p <= q < p + WINDOW - _DUST) for p in ordered), default=0)


sender = st.tuples(
    st.floats(0, 1.5),  # the stall (or idle time) before this sender starts
    st.floats(0, 1.5),  # how long its request is in flight (latency, or a stall mid-call)
    st.floats(0, 1),  # where in flight the request reaches Discord
    st.booleans(),  # whether the loop runs other tasks before the next sender starts
)


@settings(max_examples=150, deadline=None)
@given(limit=st.integers(1, 8), senders=st.lists(sender, max_size=60))
def test_never_more_than_the_limit_in_any_window(
    limit: int, senders: list[tuple[float, float, float, bool]]
) -> None:
    fake = FakeTime()
    spans: list[tuple[float, float, float]] = []

    async def scenario() -> None:
        pacer = Pacer(limit=limit, window=WINDOW, monotonic=fake.monotonic, sleep=fake.sleep)

        async def one(latency: float, where: float) -> None:
            async def call() -> None:
                granted = fake.now
                await fake.sleep(latency)
                spans.append((granted, fake.now, where))

            await pacer.send(Target.channel(1, 1), call)

        tasks = []
        for stall, latency, where, yields in senders:
            fake.now += stall
            tasks.append(asyncio.create_task(one(latency, where)))
            if yields:
                await asyncio.sleep(0)
        await asyncio.gather(*tasks)

    asyncio.run(scenario())
    assert len(spans) == len(senders)
    # wherever between grant and return each request reached Discord, no window saw more
    assert most_in_one_window([g for g, _, _ in spans]) <= limit
    assert most_in_one_window([e for _, e, _ in spans]) <= limit
    assert most_in_one_window([g + (e - g) * w for g, e, w in spans]) <= limit


async def test_a_stall_after_a_full_window_lets_no_second_burst_through() -> None:
    fake = FakeTime()
    pacer = Pacer(limit=5, window=WINDOW, monotonic=fake.monotonic, sleep=fake.sleep)
    returned = asyncio.Event()
    ends: list[float] = []
    starts: list[float] = []

    async def stuck() -> None:  # granted, then the loop stalls before they reach Discord
        await returned.wait()
        ends.append(fake.now)

    async def later() -> None:
        starts.append(fake.now)

    first = [asyncio.create_task(pacer.send(Target.channel(i, 1), stuck)) for i in range(5)]
    await asyncio.sleep(0)
    fake.now += 3.0  # the stall: all five go out only now
    returned.set()
    second = [asyncio.create_task(pacer.send(Target.channel(i, 1), later)) for i in range(5)]
    await asyncio.gather(*first, *second)
    assert ends == [3.0] * 5
    assert min(starts) >= 3.0 + WINDOW


async def test_a_global_429_pauses_every_sender_until_retry_after() -> None:
    fake = FakeTime()
    pacer = Pacer(limit=100, window=WINDOW, monotonic=fake.monotonic, sleep=fake.sleep)
    starts: list[float] = []

    async def record() -> None:
        starts.append(fake.now)

    fake.now = 0.5
    pacer.observe(429, {"X-RateLimit-Global": "true", "Retry-After": "2"})
    await asyncio.gather(*(pacer.send(Target.user(i), record) for i in range(10)))
    assert len(starts) == 10
    assert min(starts) >= 2.5
    assert pacer.pauses == 1


def test_only_a_global_429_pauses() -> None:
    fake = FakeTime()
    pacer = Pacer(monotonic=fake.monotonic, sleep=fake.sleep)
    pacer.observe(429, {"X-RateLimit-Scope": "user", "Retry-After": "3"})
    pacer.observe(429, {"X-RateLimit-Scope": "shared", "Retry-After": "3"})
    pacer.observe(200, {"X-RateLimit-Global": "true", "Retry-After": "3"})
    assert pacer.pauses == 0
    pacer.observe(429, {"X-RateLimit-Scope": "global", "Retry-After": "3"})
    pacer.observe(429, {"X-RateLimit-Global": "true", "Retry-After": "1"})  # within the first
    assert pacer.pauses == 1


async def test_the_trace_sees_the_fake_discords_global_429() -> None:
    pacer = Pacer()
    fake = FakeDiscord(rate_limits=RateLimits(global_limit=1, window=60.0))
    async with fake, aiohttp.ClientSession(trace_configs=[pacer.trace_config()]) as session:
        for _ in range(2):
            async with session.get(fake.api_base + "/gateway") as resp:
                await resp.read()
    assert resp.status == 429
    assert pacer.pauses == 1
    assert fake.rate_limits is not None and fake.rate_limits.global_429s == 1
