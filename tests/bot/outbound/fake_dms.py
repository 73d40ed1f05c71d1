"""What delivery needs of discord.py, faked: DM channels that keep what was sent."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import discord


class _Response:
    def __init__(self, status: int) -> None:
        self.status = status
        self.reason = "refused"


@dataclass
class Sent:
    user_id: int
    content: str | None
    nonce: str | None


@dataclass
class FakeDMs:
    """DM channels that keep what was sent. Like Discord, a repeated nonce creates no
    second message; a member in ``closed`` answers 403 with code 50007."""

    sent: list[Sent] = field(default_factory=list)
    attempts: int = 0
    closed: set[int] = field(default_factory=set)
    failures: list[Exception] = field(default_factory=list)
    gate: asyncio.Event | None = None

    async def create_dm(self, user: discord.abc.Snowflake) -> FakeChannel:
        return FakeChannel(self, user.id)


@dataclass
class FakeChannel:
    dms: FakeDMs
    id: int

    async def send(
        self, content: str | None = None, *, nonce: str | None = None, **_: Any
    ) -> FakeMessage:
        self.dms.attempts += 1
        if self.dms.gate is not None:
            await self.dms.gate.wait()
        if self.id in self.dms.closed:
            raise discord.Forbidden(_Response(403), {"code": 50007, "message": "closed"})
        if self.dms.failures:
            raise self.dms.failures.pop()
        if nonce is None or all(s.nonce != nonce for s in self.dms.sent):
            self.dms.sent.append(Sent(self.id, content, nonce))
        return FakeMessage(self, len(self.dms.sent))


@dataclass
class FakeMessage:
    channel: FakeChannel
    id: int


def server_error() -> discord.HTTPException:
    return discord.HTTPException(_Response(500), "server error")
