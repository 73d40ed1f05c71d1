"""Kindred's commands where Discord offers them: synced globally (as in production), a
top-level guild-only command is refused outside servers, the others reach the bot from its DM
and, for a member who installed the app, from a private channel, answering only there."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.fakediscord import CommandUnavailable
from tests.e2e.harness import World, running_kindred


async def test_kindred_commands_by_context(world: World, db_path: Path) -> None:
    fake = world.fake
    async with running_kindred(world, db_path) as bot:
        await bot.tree.sync()
        registered = {c["name"]: c for c in fake.commands_for()}
        assert registered["appreciate"]["contexts"] == [0]
        assert registered["help"]["contexts"] == [0, 1, 2]
        dm = fake.dm_channel(world.alice)
        with pytest.raises(CommandUnavailable, match="contexts"):
            await fake.slash(world.alice, dm, "appreciate")
        in_dm = await fake.slash(world.alice, dm, "help")
        assert (await in_dm.response()).ephemeral
        assert in_dm.record.payload["authorizing_integration_owners"] == {"0": "0"}
        stranger = fake.add_user("stranger")
        private = fake.add_private_channel(world.alice, stranger)
        with pytest.raises(CommandUnavailable, match="no install"):
            await fake.slash(world.alice, private, "help")
        fake.install_for_user(world.alice)
        in_private = await fake.slash(world.alice, private, "help")
        answer = await in_private.response()
        assert answer.ephemeral and in_private.record.payload["context"] == 2
        assert fake.seen_by(world.alice, private) == [answer.message]
        assert fake.seen_by(stranger, private) == []
