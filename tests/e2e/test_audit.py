"""Every running_kindred block ends with the fake's audit: nothing the bot sent would ping
anyone, and no custom_id carried a member's id; a block that breaks either fails, readably."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest

from tests.e2e.harness import World, running_kindred


class LeakyView(discord.ui.View):
    def __init__(self, member_id: int) -> None:
        super().__init__(timeout=None)
        self.add_item(discord.ui.Button(label="Block", custom_id=f"block:{member_id}"))


async def test_a_block_where_the_bot_would_ping_someone_fails(world: World, db_path: Path) -> None:
    with pytest.raises(AssertionError, match=r"#general: <@\d+> would ping") as failed:
        async with running_kindred(world, db_path) as bot:
            channel = bot.get_partial_messageable(world.general.id, guild_id=world.guild.id)
            await channel.send(
                f"thanks {world.bob.mention}", allowed_mentions=discord.AllowedMentions.all()
            )
    assert "the fake Discord saw" in str(failed.value)


async def test_a_block_that_puts_a_member_id_in_a_custom_id_fails(
    world: World, db_path: Path
) -> None:
    with pytest.raises(AssertionError, match=r"carries the id of user alice") as failed:
        async with running_kindred(world, db_path) as bot:
            channel = bot.get_partial_messageable(world.general.id, guild_id=world.guild.id)
            await channel.send("a note", view=LeakyView(world.alice.id))
    assert f"block:{world.alice.id}" in str(failed.value)


async def test_a_block_where_the_bot_keeps_mentions_quiet_passes(
    world: World, db_path: Path
) -> None:
    async with running_kindred(world, db_path) as bot:
        channel = bot.get_partial_messageable(world.general.id, guild_id=world.guild.id)
        await channel.send(f"thanks {world.bob.mention} @everyone")  # the bot's default: none
    assert world.fake.audit.problems == []
