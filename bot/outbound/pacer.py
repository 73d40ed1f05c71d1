"""One outbound pacer for every scheduled post and DM.

discord.py only reacts to a global 429 after it happened, and every 429 counts toward the
10,000-invalid-requests-per-10-minutes limit that gets a bot's IP banned. A fan-out (a
hundred channels at 09:00, a weekly DM to every opted-in member) therefore waits its turn
here, under Discord's 50 requests per second. Interaction answers do not count toward
that limit and never go through the pacer.

The limit holds for any one-second window, not on average, and it holds when the event
loop stalls: a request reaches Discord at some moment between the pacer granting it and
the call returning, so a slot stays taken while its request is in flight and for a whole
window after it returned. N requests granted just before a stall and flushed just after it
are then still counted, and nothing new goes out until they have left the window. The
price is one request's latency per window (about 2 % at Discord's ~20 ms).

A global 429 (another process on the same token, requests that bypass the pacer) pauses
every sender until its ``Retry-After``: the pacer sees every response of discord.py's HTTP
client through the aiohttp trace discord.py accepts as ``http_trace`` (see
:meth:`Pacer.trace_config`), because discord.py retries a global 429 itself and raises
nothing the pacer could catch.

A target that answers 403 or 404 (deleted channel, permissions removed, closed DMs) is
reported as :class:`TargetUnavailable`, so the feature can pause instead of failing every
day.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Literal, TypeVar

import aiohttp
import discord

from bot.interactions.user_error import UserFacingError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Discord allows 50 requests per second; 2 are left for what the pacer cannot hold back:
#: discord.py's own retry of a per-route 429 inside one paced call, and the few requests
#: that bypass it (start-up fetches, command sync). 48 keeps a fan-out within 4 % of the
#: bound (the issue's target is 10 %).
DEFAULT_LIMIT = 48
DEFAULT_WINDOW = 1.0
_MIN_SLEEP = 1e-6  # float dust must not turn a wait into a 0 s sleep loop

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
    """At most ``limit`` requests in any ``window`` seconds, shared by every outbound
    fan-out, first come first served."""

    def __init__(
        self,
        limit: int = DEFAULT_LIMIT,
        window: float = DEFAULT_WINDOW,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("the pacer needs a limit of at least one and a positive window")
        self.limit = limit
        self.window = window
        self._monotonic = monotonic
        self._sleep = sleep
        self._in_flight = 0
        self._ended: deque[float] = deque()  # when each request of the last window returned
        self._returned = asyncio.Event()
        self._paused_until = float("-inf")
        self._lock = asyncio.Lock()
        self.sent = 0
        self.pauses = 0

    def pause(self, seconds: float) -> None:
        """Hold every sender back for ``seconds`` (Discord said so with a global 429)."""
        until = self._monotonic() + seconds
        if until > self._paused_until:
            self._paused_until = until
            self.pauses += 1
            log.warning("global rate limit hit: every paced send waits %.2f s", seconds)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the window's slots while a request is in flight. The lock is fair,
        so waiters go in the order they came."""
        await self._acquire()
        try:
            yield
        finally:
            self._in_flight -= 1
            self._ended.append(self._monotonic())
            self._returned.set()

    async def _acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._monotonic()
                if now < self._paused_until:
                    await self._sleep(max(self._paused_until - now, _MIN_SLEEP))
                    continue
                while self._ended and self._ended[0] <= now - self.window:
                    self._ended.popleft()
                if self._in_flight + len(self._ended) < self.limit:
                    self._in_flight += 1
                    self.sent += 1
                    return
                if self._ended:
                    await self._sleep(max(self._ended[0] + self.window - now, _MIN_SLEEP))
                else:  # every slot is in flight: the first to return starts the clock
                    self._returned.clear()
                    await self._returned.wait()

    async def send(self, target: Target, call: Callable[[], Awaitable[T]]) -> T:
        """Run one outbound request in its turn, translating a permanent refusal."""
        try:
            async with self.slot():
                return await call()
        except discord.Forbidden as exc:
            log.warning("%s %s refused a paced request (code %s)", target.kind, target.id, exc.code)
            raise TargetUnavailable(target, exc.status, exc.code) from exc
        except discord.NotFound as exc:
            log.warning("%s %s no longer exists (code %s)", target.kind, target.id, exc.code)
            raise TargetUnavailable(target, exc.status, exc.code) from exc

    def trace_config(self) -> aiohttp.TraceConfig:
        """An aiohttp trace for discord.py's ``http_trace`` option that pauses the pacer on
        every global 429 any request of the bot meets, paced or not."""
        trace = aiohttp.TraceConfig()

        async def on_request_end(
            _session: aiohttp.ClientSession,
            _context: SimpleNamespace,
            params: aiohttp.TraceRequestEndParams,
        ) -> None:
            self.observe(params.response.status, params.response.headers)

        trace.on_request_end.append(on_request_end)
        return trace

    def observe(self, status: int, headers: Mapping[str, str]) -> None:
        """Pause on a global 429: Discord marks it with ``X-RateLimit-Global`` (or scope
        ``global``) and says how long in ``Retry-After``. A per-route or shared 429 is
        discord.py's business: it waits on that bucket alone."""
        if status != 429:
            return
        is_global = headers.get("X-RateLimit-Global", "").lower() == "true"
        if not is_global and headers.get("X-RateLimit-Scope") != "global":
            return
        try:
            retry_after = float(headers.get("Retry-After", "1"))
        except ValueError:
            retry_after = 1.0
        self.pause(retry_after)


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
