"""Every slash command and subcommand the bot registers, with its options as Discord sees
them: no hand-kept list, so a new command or option is under attack the day it lands.

Tests are made one per (command, option) when pytest collects them, from the bot's own
command tree built offline (the features loaded, nothing connected); at run time the tree
the bot synced to the fake is read again and must agree.
"""

from __future__ import annotations

import asyncio
import functools
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.app.client import discover_extensions
from bot.fakediscord import FakeDiscord
from bot.fakediscord.interactions import SUB_COMMAND, SUB_COMMAND_GROUP
from bot.storage.schema import Schema
from tests.e2e.harness import REAL_FEATURES, TestKindred, settings_for
from tests.hostile.values import OptionSpec
from tests.support.keys import make_test_vault


@dataclass(frozen=True)
class LeafCommand:
    """A command a member can run: its path ("question schedule") and its options."""

    path: str
    options: tuple[OptionSpec, ...]

    def option(self, name: str) -> OptionSpec:
        return next(o for o in self.options if o.name == name)


def leaves(payloads: Iterable[dict[str, Any]]) -> Iterator[LeafCommand]:
    """The runnable commands in command payloads (slash commands only)."""

    def walk(prefix: list[str], options: list[dict[str, Any]]) -> Iterator[LeafCommand]:
        nested = [o for o in options if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        if not nested:
            specs = tuple(OptionSpec.from_payload(o) for o in options)
            yield LeafCommand(" ".join(prefix), specs)
            return
        for sub in nested:
            yield from walk([*prefix, sub["name"]], list(sub.get("options") or []))

    for payload in payloads:
        if int(payload.get("type") or 1) == 1:
            yield from walk([payload["name"]], list(payload.get("options") or []))


async def _offline_payloads() -> list[dict[str, Any]]:
    extensions = [e for p in REAL_FEATURES for e in discover_extensions(p)]
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "catalog.db"
        db = await Schema.for_features(extensions).open(db_path)
        try:
            fake = FakeDiscord()
            guild = fake.add_guild("catalog")
            bot = TestKindred(settings_for(fake, db_path, guild), db, vault=make_test_vault())
            for extension in extensions:
                await bot.load_extension(extension)
            payloads = [command.to_dict(bot.tree) for command in bot.tree.get_commands()]
            for extension in extensions:
                await bot.unload_extension(extension)
            return payloads
        finally:
            await db.close()


@functools.cache
def offline_catalog() -> tuple[LeafCommand, ...]:
    """The commands as the bot's code declares them (for collection)."""
    return tuple(leaves(asyncio.run(_offline_payloads())))


def targets() -> list[tuple[str, str | None]]:
    """One test per option of every command (None: a command without options)."""
    out: list[tuple[str, str | None]] = []
    for command in offline_catalog():
        out += [(command.path, o.name) for o in command.options] or [(command.path, None)]
    return out


def synced_catalog(fake: FakeDiscord, guild_id: int) -> dict[str, LeafCommand]:
    """The commands as the bot synced them to the fake (what members really see)."""
    scoped = fake.commands.get(guild_id, []) + fake.commands.get(None, [])
    return {command.path: command for command in leaves(scoped)}
