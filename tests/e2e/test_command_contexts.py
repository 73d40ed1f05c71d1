"""Kindred's commands where Discord offers them, synced globally (as in production): installed
to servers and used in them or in the bot's DM, a top-level guild-only command only in
servers, and none of them user-installable, so a member who installed the app to their account
still cannot use them in a private channel (the check-ins opt in, see test_checkin_contexts)."""

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
        # Discord's default contexts (everywhere), usable only where a server install reaches.
        assert registered["help"]["contexts"] == [0, 1, 2]
        assert all(
            c["integration_types"] == [0] for c in registered.values() if c["name"] != "checkin"
        )
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
        with pytest.raises(CommandUnavailable):
            await fake.slash(world.alice, private, "help")
