"""One outbound pacer for every scheduled post and DM.

discord.py only reacts to a global 429 after it happened, and every 429 counts toward the
10,000-invalid-requests-per-10-minutes limit that gets a bot's IP banned. A fan-out (a
hundred channels at 09:00, a weekly DM to every opted-in member) therefore waits its turn
here, under Discord's 50 requests per second. Interaction answers do not count toward
that limit and never go through the pacer.

A target that answers 403 or 404 (deleted channel, permissions removed, closed DMs) is
reported as :class:`TargetUnavailable`, so the feature can pause instead of failing every
day.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

import discord

from bot.interactions.user_error import UserFacingError

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_RATE = 40.0  # requests per second: a margin under Discord's global 50
DEFAULT_BURST = 10

_EPSILON = 1e-9

CLOSED_DMS = 50007
MISSING_ACCESS = 50001
MISSING_PERMISSIONS = 50013


@dataclass(frozen=True, slots=True)
class Target:
    """Where a paced request goes: a guild channel or a member's DMs."""

    kind: Literal["channel", "user"]
    id: int
    guild_id: int | None = None

    @classmethod
    def channel(cls, channel_id: int, guild_id: int | None) -> Target:
        return cls("channel", channel_id, guild_id)

    @classmethod
    def user(cls, user_id: int) -> Target:
        return cls("user", user_id)


class TargetUnavailable(Exception):
    """Discord refused the target for good (403 or 404); retrying would only hurt."""

    def __init__(self, target: Target, status: int, code: int) -> None:
        super().__init__(f"{target.kind} {target.id} unavailable: HTTP {status}, code {code}")
        self.target = target
        self.status = status
        self.code = code

    @property
    def dms_closed(self) -> bool:
        return self.target.kind == "user" and self.code == CLOSED_DMS


class Pacer:
    """A token bucket shared by every outbound fan-out, first come first served."""

    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        burst: int = DEFAULT_BURST,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("the pacer needs a positive rate and a burst of at least one")
        self.rate = rate
        self.burst = burst
        self._monotonic = monotonic
        self._sleep = sleep
        self._tokens = float(burst)
        self._updated = monotonic()
        self._lock = asyncio.Lock()
        self.sent = 0

    async def acquire(self) -> None:
        """Wait for a slot. The lock is fair, so waiters go in the order they came."""
        async with self._lock:
            while True:
                now = self._monotonic()
                self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
                self._updated = now
                if self._tokens >= 1 - _EPSILON:  # float dust must not cause a 0 s sleep loop
                    self._tokens = max(0.0, self._tokens - 1)
                    self.sent += 1
                    return
                await self._sleep((1 - self._tokens) / self.rate)

    async def send(self, target: Target, call: Callable[[], Awaitable[T]]) -> T:
        """Run one outbound request in its turn, translating a permanent refusal."""
        await self.acquire()
        try:
            return await call()
        except discord.Forbidden as exc:
            log.warning("%s %s refused a paced request (code %s)", target.kind, target.id, exc.code)
            raise TargetUnavailable(target, exc.status, exc.code) from exc
        except discord.NotFound as exc:
            log.warning("%s %s no longer exists (code %s)", target.kind, target.id, exc.code)
            raise TargetUnavailable(target, exc.status, exc.code) from exc


async def post_or_undo(
    pacer: Pacer,
    target: Target,
    call: Callable[[], Awaitable[discord.Message]],
    *,
    record: Callable[[discord.Message], Awaitable[None]],
    undo: Callable[[], Awaitable[None]],
    refusal: str,
) -> discord.Message:
    """Post something already saved (a member's answer, a completion) and record where it
    landed, as one step a failure never leaves half done: if posting or recording fails,
    for whatever reason, ``undo`` forgets the saved row, so nothing stays saved but never
    shown. Discord refusing the post reaches the member as ``refusal``; any other failure
    is raised as it is, for the error reporter."""
    try:
        message = await pacer.send(target, call)
        await record(message)
    except (TargetUnavailable, discord.HTTPException):
        await undo()
        raise UserFacingError(refusal) from None
    except Exception:
        await undo()
        raise
    return message
