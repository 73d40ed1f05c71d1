"""What delivery needs of discord.py, faked: DM channels that keep what was sent; and a
:class:`Delivery` that sends through them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import discord

from bot.app.content import Messages
from bot.app.settings import Settings
from bot.outbound.delivery import Delivery
from bot.outbound.engine import OutboundEngine
from bot.outbound.notices import Notices
from bot.outbound.pacer import Pacer
from bot.privacy.member_store import MemberStore
from bot.storage.database import Database
from tests.support.keys import make_test_vault


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


def delivery_through(dms: FakeDMs, db: Database, engine: OutboundEngine) -> Delivery:
    """Delivery on the engine, sending through the fake DMs with an unhurried pacer."""
    clock = engine.clock
    shipped = Settings(token=None, database_path=Path("unused.db")).data_dir
    return Delivery(
        cast(discord.Client, dms),
        db,
        engine=engine,
        vault=make_test_vault(),
        clock=clock,
        pacer=Pacer(limit=1000),
        members=MemberStore(db, make_test_vault(), clock),
        notices=Notices(db, clock),
        messages=Messages.from_data_dir(shipped),
    )
