"""The pacer keeps fan-out under Discord's global limit and names refused targets."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any, cast

import discord
import pytest

from bot.interactions.user_error import UserFacingError
from bot.outbound.pacer import DEFAULT_LIMIT, Pacer, Target, TargetUnavailable, post_or_undo
from tests.bot.outbound.fake_time import FakeTime


async def test_sends_are_spaced_by_the_window_not_by_a_steady_rate() -> None:
    fake = FakeTime()
    pacer = Pacer(limit=10, window=1.0, monotonic=fake.monotonic, sleep=fake.sleep)
    stamps: list[float] = []

    async def instant() -> None:
        stamps.append(fake.now)

    for _ in range(25):
        await pacer.send(Target.channel(1, 2), instant)
    # ten at once, then each slot frees a whole window after its request returned
    assert stamps == [0.0] * 10 + [pytest.approx(1.0)] * 10 + [pytest.approx(2.0)] * 5
    assert pacer.sent == 25


async def test_no_second_ever_exceeds_the_global_limit() -> None:
    fake = FakeTime()
    pacer = Pacer(monotonic=fake.monotonic, sleep=fake.sleep)
    stamps: list[float] = []

    async def one() -> None:
        async with pacer.slot():
            stamps.append(fake.now)

    await asyncio.gather(*(one() for _ in range(500)))
    assert len(stamps) == 500
    for start in stamps:
        in_window = [s for s in stamps if start <= s < start + 1.0]
        assert len(in_window) <= DEFAULT_LIMIT <= 50


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


# -- posting something already saved ---------------------------------------------------------


class _Saved:
    """A saved row's bookkeeping: where it was recorded, and whether it was forgotten."""

    def __init__(self, *, record_fails: bool = False) -> None:
        self.recorded: list[int] = []
        self.undone = 0
        self._record_fails = record_fails

    async def record(self, message: discord.Message) -> None:
        if self._record_fails:
            raise RuntimeError("the database went away")
        self.recorded.append(message.id)

    async def undo(self) -> None:
        self.undone += 1


async def _post(saved: _Saved, call: Any) -> discord.Message:
    return await post_or_undo(
        Pacer(), Target.channel(1, 2), call, record=saved.record, undo=saved.undo, refusal="no"
    )


async def test_a_posted_row_is_recorded_and_kept() -> None:
    saved = _Saved()
    message = cast("discord.Message", SimpleNamespace(id=77))

    async def sent() -> discord.Message:
        return message

    assert await _post(saved, sent) is message
    assert (saved.recorded, saved.undone) == ([77], 0)


async def test_a_refused_post_forgets_the_row_and_tells_the_member() -> None:
    saved = _Saved()

    async def refused() -> discord.Message:
        raise discord.Forbidden(_Response(403), {"code": 50013, "message": "no"})

    with pytest.raises(UserFacingError, match=r"^no$"):
        await _post(saved, refused)
    assert (saved.recorded, saved.undone) == ([], 1)


async def test_any_other_failure_forgets_the_row_and_is_raised_as_it_is() -> None:
    saved = _Saved(record_fails=True)

    async def sent() -> discord.Message:
        return cast("discord.Message", SimpleNamespace(id=77))

    with pytest.raises(RuntimeError, match="database went away"):
        await _post(saved, sent)
    assert saved.undone == 1
