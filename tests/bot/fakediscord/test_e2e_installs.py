"""Install types and interaction contexts: where a command is offered, who authorized it, and
what the bot may do in private channels and servers it is not in."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from bot.fakediscord import ALL_PERMISSIONS, CommandUnavailable, DiscordError
from bot.fakediscord.installs import APP_ANSWER_PERMISSIONS, PRIVATE_CHANNEL_PERMISSIONS
from bot.fakediscord.openapi import OpenApiValidationError
from tests.bot.fakediscord.harness import Sandbox


async def _add_commands(sandbox: Sandbox) -> dict[str, Any]:
    """Commands declaring their installs and contexts as discord.py 2.7 sends them."""
    tree, seen = sandbox.bot.tree, sandbox.seen.values

    @app_commands.command(description="Works everywhere")
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def everywhere(interaction: discord.Interaction, private: bool = False) -> None:
        seen["everywhere"] = {
            "guild_id": interaction.guild_id,
            "user_integration": interaction.is_user_integration(),
            "guild_integration": interaction.is_guild_integration(),
            "app_permissions": interaction.app_permissions.value,
        }
        await interaction.response.send_message("hello", ephemeral=private)
        await interaction.followup.send("and more", ephemeral=private)

    @app_commands.command(description="Servers only")
    @app_commands.guild_only()
    async def servers(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("server", ephemeral=True)

    @app_commands.command(description="Only where the bot was added")
    @app_commands.allowed_installs(guilds=True, users=False)
    async def guildinstall(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("installed here", ephemeral=True)

    for command in (everywhere, servers, guildinstall):
        tree.add_command(command)
    synced = await tree.sync()
    return {c.name: c for c in synced}


def _registered(sandbox: Sandbox, name: str) -> dict[str, Any]:
    return next(c for c in sandbox.fake.commands_for() if c["name"] == name)


async def test_registration_keeps_what_discord_py_sends(sandbox: Sandbox) -> None:
    await _add_commands(sandbox)
    body = sandbox.fake.find_requests("PUT", "/applications/{application_id}/commands")[-1].body
    sent = {c["name"]: c for c in body}
    assert sent["everywhere"]["integration_types"] == [0, 1]
    assert sent["everywhere"]["contexts"] == [0, 1, 2]
    assert sent["servers"]["contexts"] == [0]
    assert sent["ping"]["contexts"] is None and sent["ping"]["integration_types"] is None
    assert _registered(sandbox, "everywhere")["contexts"] == [0, 1, 2]
    assert _registered(sandbox, "servers")["contexts"] == [0]
    assert _registered(sandbox, "guildinstall")["integration_types"] == [0]
    # absent: every context, and the install types the app enables (both)
    assert _registered(sandbox, "ping")["contexts"] == [0, 1, 2]
    assert _registered(sandbox, "ping")["integration_types"] == [0, 1]
    info = await sandbox.bot.application_info()
    assert info.guild_integration_config is not None
    assert info.user_integration_config is not None
    sandbox.assert_clean()


def test_spec_rejects_unknown_contexts_and_install_types(validator: Any) -> None:
    route = "/applications/{application_id}/commands"
    good = {"name": "x", "description": "d", "contexts": [0, 1, 2], "integration_types": [0, 1]}
    validator("PUT", route, [good])
    with pytest.raises(OpenApiValidationError):
        validator("PUT", route, [{**good, "contexts": [3]}])
    with pytest.raises(OpenApiValidationError):
        validator("PUT", route, [{**good, "integration_types": [2]}])


async def test_user_install_lets_a_stranger_use_the_bot_dm(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    await _add_commands(sandbox)
    stranger = fake.add_user("stranger")
    dm = fake.dm_channel(stranger)
    with pytest.raises(CommandUnavailable, match="no install"):
        await fake.slash(stranger, dm, "everywhere")
    fake.install_for_user(stranger)
    handle = await fake.slash(stranger, dm, "everywhere")
    assert (await handle.response()).content == "hello"
    assert handle.record.payload["context"] == 1
    assert handle.record.payload["authorizing_integration_owners"] == {"1": str(stranger.id)}
    assert sandbox.seen.values["everywhere"]["user_integration"] is True
    with pytest.raises(CommandUnavailable, match="no install"):
        await fake.slash(stranger, dm, "guildinstall")
    fake.uninstall_for_user(stranger)
    with pytest.raises(CommandUnavailable):
        await fake.slash(stranger, dm, "everywhere")
    sandbox.assert_clean()


async def test_a_member_in_the_bot_dm_is_authorized_by_the_guild_install(
    sandbox: Sandbox,
) -> None:
    fake = sandbox.fake
    await _add_commands(sandbox)
    dm = fake.dm_channel(sandbox.bob)
    handle = await fake.slash(sandbox.bob, dm, "guildinstall")
    await handle.response()
    assert handle.record.payload["authorizing_integration_owners"] == {"0": "0"}
    with pytest.raises(CommandUnavailable, match="contexts"):
        await fake.slash(sandbox.bob, dm, "servers")
    sandbox.assert_clean()


async def test_both_installs_in_a_server(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    await _add_commands(sandbox)
    fake.install_for_user(sandbox.alice)
    handle = await fake.slash(sandbox.alice, sandbox.general, "everywhere")
    await handle.response()
    owners = handle.record.payload["authorizing_integration_owners"]
    assert owners == {"0": str(sandbox.guild.id), "1": str(sandbox.alice.id)}
    assert handle.record.payload["context"] == 0
    seen = sandbox.seen.values["everywhere"]
    assert seen["guild_integration"] is True and seen["user_integration"] is True
    plain = await fake.slash(sandbox.bob, sandbox.general, "everywhere")
    await plain.response()
    assert plain.record.payload["authorizing_integration_owners"] == {"0": str(sandbox.guild.id)}
    sandbox.assert_clean()


async def test_private_channel_answers_only_through_the_interaction(sandbox: Sandbox) -> None:
    fake, bot = sandbox.fake, sandbox.bot
    await _add_commands(sandbox)
    stranger = fake.add_user("stranger")
    private = fake.add_private_channel(sandbox.alice, stranger)
    with pytest.raises(CommandUnavailable, match="no install"):
        await fake.slash(sandbox.alice, private, "everywhere")
    fake.install_for_user(sandbox.alice)
    with pytest.raises(CommandUnavailable, match="contexts"):
        await fake.slash(sandbox.alice, private, "servers")
    handle = await fake.slash(sandbox.alice, private, "everywhere")
    await handle.followup()
    payload = handle.record.payload
    assert payload["context"] == 2
    assert payload["authorizing_integration_owners"] == {"1": str(sandbox.alice.id)}
    assert "guild_id" not in payload and payload["user"]["id"] == str(sandbox.alice.id)
    assert int(payload["app_permissions"]) == PRIVATE_CHANNEL_PERMISSIONS
    shown = fake.messages(private)
    assert [m.content for m in shown] == ["hello", "and more"]
    assert {m.author_id for m in shown} == {fake.bot_user.id}
    assert all(m.application_id == fake.application_id for m in shown)
    # the bot is not in the channel: no events, no reading, no posting
    assert [m for m in sandbox.seen.messages if m.channel.id == private.id] == []
    await fake.send_message(stranger, private, "just us")
    with pytest.raises(discord.Forbidden) as posting:
        await bot.get_partial_messageable(private.id).send("sneaking in")
    assert posting.value.code == 50001
    with pytest.raises(discord.Forbidden):
        await bot.get_partial_messageable(private.id).fetch_message(shown[0].id)
    assert [m for m in sandbox.seen.messages if m.channel.id == private.id] == []
    assert [m.content for m in fake.messages(private)] == ["hello", "and more", "just us"]
    sandbox.assert_clean()


async def test_ephemeral_answers_in_a_private_channel_are_seen_by_one(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    await _add_commands(sandbox)
    stranger = fake.add_user("stranger")
    private = fake.add_private_channel(sandbox.alice, stranger)
    fake.install_for_user(sandbox.alice)
    handle = await fake.slash(sandbox.alice, private, "everywhere", {"private": True})
    await handle.followup()
    assert [m.content for m in fake.seen_by(sandbox.alice, private)] == ["hello", "and more"]
    assert fake.seen_by(stranger, private) == []
    assert fake.messages(private) == []
    sandbox.assert_clean()


async def test_a_press_in_a_private_channel_keeps_the_authorizing_user(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    await _add_commands(sandbox)
    stranger = fake.add_user("stranger")
    outsider = fake.add_user("outsider")
    private = fake.add_private_channel(sandbox.alice, stranger, outsider)
    fake.install_for_user(sandbox.alice)
    message = await (await fake.slash(sandbox.alice, private, "buttons")).message()
    press = await fake.click(stranger, message, "btn:ok")
    answer = await press.response()
    assert answer.content == "clicked by stranger" and answer.ephemeral
    assert press.record.payload["context"] == 2
    assert press.record.payload["authorizing_integration_owners"] == {"1": str(sandbox.alice.id)}
    assert [m.content for m in fake.seen_by(stranger, private)] == ["choose", "clicked by stranger"]
    assert [m.content for m in fake.seen_by(sandbox.alice, private)] == ["choose"]
    assert private.type == 3 and press.record.payload["channel"]["owner_id"] == str(
        sandbox.alice.id
    )
    pair = fake.add_private_channel(sandbox.alice, stranger)
    in_pair = await (await fake.slash(sandbox.alice, pair, "buttons")).message()
    with pytest.raises(DiscordError) as not_in_it:
        await fake.slash(outsider, pair, "everywhere")
    assert not_in_it.value.status == 403
    with pytest.raises(DiscordError):
        await fake.click(outsider, in_pair, "btn:ok")
    sandbox.assert_clean()


async def test_a_server_without_the_bot(sandbox: Sandbox) -> None:
    fake, bot = sandbox.fake, sandbox.bot
    await _add_commands(sandbox)
    elsewhere = fake.add_guild_without_bot("Elsewhere", members=[sandbox.alice])
    lounge = fake.channel(elsewhere, "general")
    with pytest.raises(CommandUnavailable, match="no install"):
        await fake.slash(sandbox.alice, lounge, "everywhere")
    fake.install_for_user(sandbox.alice)
    with pytest.raises(CommandUnavailable, match="no install"):
        await fake.slash(sandbox.alice, lounge, "guildinstall")
    handle = await fake.slash(sandbox.alice, lounge, "everywhere")
    await handle.followup()
    payload = handle.record.payload
    assert payload["guild_id"] == str(elsewhere.id) and "user" not in payload
    assert payload["member"]["user"]["id"] == str(sandbox.alice.id)
    assert payload["authorizing_integration_owners"] == {"1": str(sandbox.alice.id)}
    expected = elsewhere.everyone.permissions | APP_ANSWER_PERMISSIONS
    assert int(payload["app_permissions"]) == expected != ALL_PERMISSIONS
    seen = sandbox.seen.values["everywhere"]
    assert seen["guild_id"] == elsewhere.id and seen["app_permissions"] == expected
    assert seen["user_integration"] is True and seen["guild_integration"] is False
    assert [m.content for m in fake.messages(lounge)] == ["hello", "and more"]
    assert [m for m in sandbox.seen.messages if m.channel.id == lounge.id] == []
    with pytest.raises(discord.Forbidden) as posting:
        await bot.get_partial_messageable(lounge.id).send("hi")
    assert posting.value.code == 50001
    sandbox.assert_clean()


async def test_a_guild_command_is_offered_only_in_its_server(sandbox: Sandbox) -> None:
    fake, bot = sandbox.fake, sandbox.bot

    @app_commands.command(description="Only here")
    async def local(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("local", ephemeral=True)

    # as Kindred's dev mode does: global in the bot, synced to one server only
    bot.tree.add_command(local)
    bot.tree.copy_global_to(guild=discord.Object(sandbox.guild.id))
    await bot.tree.sync(guild=discord.Object(sandbox.guild.id))
    assert await (await fake.slash(sandbox.bob, sandbox.general, "local")).response()
    with pytest.raises(CommandUnavailable, match="registered only in server"):
        await fake.slash(sandbox.bob, fake.dm_channel(sandbox.bob), "local")
    stranger = fake.add_user("stranger")
    fake.install_for_user(stranger)
    private = fake.add_private_channel(sandbox.bob, stranger)
    with pytest.raises(CommandUnavailable, match="registered only in server"):
        await fake.slash(stranger, private, "local")
    other = fake.add_guild("Other", owner=stranger)
    await fake.settle()
    in_other = await fake.slash(stranger, fake.channel(other, "general"), "local")
    assert (await in_other.response()).content == "local"
    assert in_other.record.payload["authorizing_integration_owners"] == {"0": str(other.id)}
    sandbox.assert_clean()


async def test_the_bot_dms_only_members_and_installers(sandbox: Sandbox) -> None:
    fake, bot = sandbox.fake, sandbox.bot
    stranger = fake.add_user("stranger")
    dm = await bot.create_dm(discord.Object(stranger.id))
    with pytest.raises(discord.Forbidden) as refused:
        await dm.send("hello?")
    assert refused.value.code == 50007
    fake.install_for_user(stranger)
    await dm.send("hello!")
    member_dm = await bot.create_dm(discord.Object(sandbox.bob.id))
    await member_dm.send("hi bob")
    assert [m.content for m in fake.messages(fake.dm_channel(stranger))] == ["hello!"]
    sandbox.assert_clean()
