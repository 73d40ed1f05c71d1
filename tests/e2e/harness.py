"""Start the real Kindred bot, in-process, against the local fake Discord."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.app.client import Kindred, discover_extensions
from bot.app.settings import Secret, Settings
from bot.fakediscord import Channel, FakeDiscord, Guild, User
from bot.storage.schema import Schema
from bot.timing.clock import Clock
from tests.support.keys import make_test_vault

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz012345"  # noqa: S105 - made up
REAL_FEATURES = ("cogs",)
WITH_PROBES = ("cogs", "tests.e2e.probes")


class TestKindred(Kindred):
    """Kindred itself, minus the 5 s pause discord.py takes before a repeated IDENTIFY."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


@dataclass
class World:
    fake: FakeDiscord
    guild: Guild
    general: Channel
    admin: User
    alice: User
    bob: User


def build_world(fake: FakeDiscord) -> World:
    admin = fake.add_user("ada")
    guild = fake.add_guild("Kindred Test", owner=admin, channels=("general", "daily"))
    alice = fake.add_user("alice")
    bob = fake.add_user("bob")
    fake.add_member(guild, alice)
    fake.add_member(guild, bob)
    return World(fake, guild, fake.channel(guild, "general"), admin, alice, bob)


def settings_for(fake: FakeDiscord, db_path: Path, guild: Guild) -> Settings:
    return Settings(
        token=Secret(TOKEN),
        database_path=db_path,
        api_base=fake.api_base,
        dev_guild_id=guild.id,
    )


@contextlib.asynccontextmanager
async def running_kindred(
    world: World,
    db_path: Path,
    *,
    clock: Clock | None = None,
    features: Sequence[str] = WITH_PROBES,
    settings: Mapping[str, Any] | None = None,
    **attributes: Any,
) -> AsyncIterator[Kindred]:
    """Kindred connected to the fake, commands synced to the dev guild; closed on exit.

    When the block ends without an error, the fake's audit must be empty: no ``custom_id``
    carried a member's id and no message would have pinged anyone (see
    :mod:`bot.fakediscord.audit`). ``settings`` overrides fields of :class:`Settings`
    (``shard_count``, ``shard_ids``).
    """
    fake = world.fake
    syncs_before = len(fake.find_requests(method="PUT"))
    schema = Schema.for_features(e for p in features for e in discover_extensions(p))
    db = await schema.open(db_path)
    bot = TestKindred(
        dataclasses.replace(settings_for(fake, db_path, world.guild), **(settings or {})),
        db,
        vault=make_test_vault(),
        clock=clock,
        feature_packages=features,
        guild_ready_timeout=0.05,
    )
    for name, value in attributes.items():
        setattr(bot, name, value)
    with fake.patch_discord():  # restores discord.py's class-level URLs afterwards
        task = asyncio.create_task(bot.start(TOKEN))
        try:
            ready = asyncio.create_task(bot.wait_until_ready())
            done, _ = await asyncio.wait({task, ready}, timeout=15, return_when="FIRST_COMPLETED")
            if task in done:
                ready.cancel()
                task.result()  # start-up failed: raise its error
            assert ready in done, "Kindred did not become ready"
            await fake.wait_until(
                lambda: len(fake.find_requests(method="PUT")) > syncs_before, 5, "command sync"
            )
            yield bot
        finally:
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, 10)
    assert fake.audit.problems == [], fake.audit.report()


async def eventually(check: Callable[[], Awaitable[bool]], what: str, timeout: float = 5) -> None:
    """Poll the bot's own state (the fake can only wait for what it sees on the wire)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


async def notice_after(fake: FakeDiscord, handle: Any, timeout: float = 5) -> Any:
    """The notice Kindred added after a command's answer: the first follow-up that says
    something (a long /help sends its further pages as follow-ups of embeds only)."""
    return await fake.wait_until(
        lambda: next((m for m in handle.followups if m.content), None), timeout, "a notice"
    )


def assert_clean(fake: FakeDiscord, caplog: pytest.LogCaptureFixture) -> None:
    """Nothing Discord would reject, nothing the fake did not know, no error logged."""
    assert fake.validation_errors == []
    assert fake.internal_errors == []
    assert fake.unknown_requests == []
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert bad == [], [r.getMessage() for r in bad]
