"""A member leaving a server, seen by a bot without the GUILD_MEMBERS intent: no event, but
asking for the member answers 404 Unknown Member (what a bot checks before posting about
someone)."""

from __future__ import annotations

import discord
import pytest

from bot.fakediscord.departures import member_leaves
from tests.bot.fakediscord.harness import Sandbox


async def test_a_member_who_left_is_unknown_when_asked(sandbox: Sandbox) -> None:
    fake, bob = sandbox.fake, sandbox.bob
    guild = sandbox.bot.get_guild(sandbox.guild.id)
    assert guild is not None
    assert (await guild.fetch_member(bob.id)).id == bob.id
    assert await member_leaves(fake, sandbox.guild, bob) is True
    with pytest.raises(discord.NotFound) as gone:
        await guild.fetch_member(bob.id)
    assert gone.value.code == 10007
    assert await member_leaves(fake, sandbox.guild, bob) is False, "already gone"
    assert "GUILD_MEMBER_REMOVE" not in [event for event, _ in fake.gateway.dispatched]
    sandbox.assert_clean()
