"""The pacer keeps fan-out under Discord's global limit and names refused targets."""

from __future__ import annotations

import asyncio
import itertools

import discord
import pytest

from bot.outbound.pacer import Pacer, Target, TargetUnavailable


class FakeTime:
    """Time that only moves when the pacer sleeps, so the test is exact and instant."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


async def test_a_burst_then_the_steady_rate() -> None:
    fake = FakeTime()
    pacer = Pacer(rate=40, burst=10, monotonic=fake.monotonic, sleep=fake.sleep)
    stamps: list[float] = []
    for _ in range(50):
        await pacer.acquire()
        stamps.append(fake.now)
    assert stamps[:10] == [0.0] * 10
    # 40 more at 40 per second take one second, never faster.
    assert stamps[-1] == pytest.approx(1.0)
    for earlier, later in itertools.pairwise(stamps[10:]):
        assert later - earlier == pytest.approx(1 / 40)


async def test_no_second_ever_exceeds_the_global_limit() -> None:
    fake = FakeTime()
    pacer = Pacer(monotonic=fake.monotonic, sleep=fake.sleep)
    stamps: list[float] = []

    async def one() -> None:
        await pacer.acquire()
        stamps.append(fake.now)

    await asyncio.gather(*(one() for _ in range(500)))
    assert len(stamps) == 500
    for start in stamps:
        in_window = [s for s in stamps if start <= s < start + 1.0]
        assert len(in_window) <= 50


class _Response:
    def __init__(self, status: int) -> None:
        self.status = status
        self.reason = "refused"


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (discord.Forbidden(_Response(403), {"code": 50007, "message": "x"}), 403, 50007),  # type: ignore[arg-type]
        (discord.NotFound(_Response(404), {"code": 10003, "message": "x"}), 404, 10003),  # type: ignore[arg-type]
    ],
)
async def test_refusals_become_target_unavailable(
    error: discord.HTTPException, status: int, code: int
) -> None:
    pacer = Pacer()

    async def refused() -> None:
        raise error

    target = Target.user(9)
    with pytest.raises(TargetUnavailable) as caught:
        await pacer.send(target, refused)
    assert (caught.value.status, caught.value.code, caught.value.target) == (status, code, target)
    assert caught.value.dms_closed is (code == 50007)


async def test_other_errors_pass_through() -> None:
    pacer = Pacer()

    async def broken() -> None:
        raise discord.HTTPException(_Response(500), "server error")  # type: ignore[arg-type]

    with pytest.raises(discord.HTTPException):
        await pacer.send(Target.channel(1, 2), broken)
