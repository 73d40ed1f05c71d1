"""Permissions as the bot sees them: its own per channel (overwrites, roles) and the invoker's."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import discord
import pytest

from bot.fakediscord import ALL_PERMISSIONS, DEFAULT_EVERYONE, FakeDiscord, Guild
from bot.fakediscord.permissions import (
    ADMINISTRATOR,
    MANAGE_MESSAGES,
    MANAGE_THREADS,
    SEND_MESSAGES,
    VIEW_CHANNEL,
)
from bot.fakediscord.state import DEFAULT_BOT_PERMISSIONS, World
from tests.bot.fakediscord.harness import Sandbox, running_sandbox

#: What a typically invited bot's role may do: the everyday text permissions.
BASIC = DEFAULT_EVERYONE
EXTRA = MANAGE_MESSAGES | MANAGE_THREADS
#: discord.py's TextChannel.permissions_for takes these away when SEND_MESSAGES is missing.
NEEDS_SEND = discord.Permissions(
    embed_links=True, attach_files=True, mention_everyone=True, send_tts_messages=True
).value
#: …and every channel permission when VIEW_CHANNEL is missing.
NEEDS_VIEW = discord.Permissions.all_channel().value


def computed(channel: discord.abc.GuildChannel, member: discord.Member) -> int:
    """discord.py's permission arithmetic alone: @everyone and the member's roles, then the
    @everyone, role and member overwrites (without the implicit rules a channel type adds)."""
    return discord.abc.GuildChannel.permissions_for(channel, member).value


def text_channel(bot: discord.Client, channel_id: int) -> discord.TextChannel | None:
    found = bot.get_channel(channel_id)
    return found if isinstance(found, discord.TextChannel) else None


def basic_bot(fake: FakeDiscord, guild: Guild) -> None:
    """A bot invited with BASIC, and channels where it may do less, nothing, or more."""
    fake.set_bot_permissions(guild, BASIC)
    fake.add_channel(guild, "muted", bot_permissions=BASIC & ~SEND_MESSAGES)
    fake.add_channel(guild, "hidden", bot_permissions=BASIC & ~VIEW_CHANNEL)
    fake.add_channel(guild, "staff", bot_permissions=BASIC | EXTRA)


@pytest.fixture
async def basic_sandbox(
    caplog: pytest.LogCaptureFixture, validator: Callable[[str, str, Any], None]
) -> AsyncIterator[Sandbox]:
    async with running_sandbox(caplog, validator, prepare=basic_bot) as box:
        yield box


def test_overwrite_payload_shows_the_difference_from_the_guild_level() -> None:
    world = World()
    guild = world.add_guild("G", bot_permissions=BASIC)
    plain = world.add_channel(guild, "plain")
    muted = world.add_channel(guild, "muted", bot_permissions=BASIC & ~SEND_MESSAGES)
    staff = world.add_channel(guild, "staff", bot_permissions=BASIC | EXTRA)
    same = world.add_channel(guild, "same", bot_permissions=BASIC)
    thread = world.add_thread(muted, "t", owner=world.users[guild.owner_id])

    role = world.bot_role(guild)
    assert role is not None and role.managed and role.permissions == BASIC
    assert role.to_payload()["tags"] == {"bot_id": str(world.bot.id)}
    assert guild.members[world.bot.id].roles == [role.id]
    assert world.bot_base_permissions(guild) == BASIC

    def overwrites(channel: Any) -> Any:
        return world.channel_payload(channel).get("permission_overwrites")

    bot_id = str(world.bot.id)
    assert overwrites(plain) == [] and overwrites(same) == []
    assert overwrites(muted) == [
        {"id": bot_id, "type": 1, "allow": "0", "deny": str(SEND_MESSAGES)}
    ]
    assert overwrites(staff) == [{"id": bot_id, "type": 1, "allow": str(EXTRA), "deny": "0"}]
    assert overwrites(thread) is None  # threads have no overwrites: they follow their parent

    # the default guild: every permission but ADMINISTRATOR, which would bypass overwrites
    default = world.add_guild("Default")
    assert default.bot_permissions == DEFAULT_BOT_PERMISSIONS == ALL_PERMISSIONS & ~ADMINISTRATOR
    assert overwrites(world.add_channel(default, "general")) == []


async def test_bot_sees_its_channel_permissions(basic_sandbox: Sandbox) -> None:
    box = basic_sandbox
    fake, bot, world = box.fake, box.bot, box.fake.world
    guild = bot.get_guild(box.guild.id)
    assert guild is not None and guild.me is not None
    me = guild.me
    assert me.guild_permissions.value == BASIC
    assert any(r.is_bot_managed() for r in me.roles)

    def client_agrees(name: str) -> bool:
        stored = fake.channel(box.guild, name)
        channel = text_channel(bot, stored.id)
        return channel is not None and computed(channel, me) == world.bot_permissions_in(stored)

    # from GUILD_CREATE: the default, less, nothing and more than the guild level
    implicitly_lost = {"general": 0, "muted": NEEDS_SEND, "hidden": NEEDS_VIEW, "staff": 0}
    for name, lost in implicitly_lost.items():
        stored = fake.channel(box.guild, name)
        channel = text_channel(bot, stored.id)
        assert channel is not None
        expected = world.bot_permissions_in(stored)
        assert computed(channel, me) == expected, name
        assert channel.permissions_for(me).value == expected & ~lost, name
    muted = text_channel(bot, fake.channel(box.guild, "muted").id)
    hidden = text_channel(bot, fake.channel(box.guild, "hidden").id)
    staff = text_channel(bot, fake.channel(box.guild, "staff").id)
    assert muted is not None and hidden is not None and staff is not None
    assert not muted.permissions_for(me).send_messages
    assert muted.permissions_for(me).read_message_history
    assert not hidden.permissions_for(me).view_channel
    assert staff.permissions_for(me).manage_messages
    assert box.discord_channel().permissions_for(me).value == BASIC

    # over REST too
    fetched = await bot.fetch_channel(muted.id)
    assert isinstance(fetched, discord.TextChannel)
    assert fetched.overwrites_for(me).send_messages is False

    # a channel made while connected: CHANNEL_CREATE carries the overwrite
    late = fake.add_channel(box.guild, "late", bot_permissions=BASIC & ~SEND_MESSAGES)
    await fake.wait_until(lambda: client_agrees("late"), 5, "the new channel in the cache")
    assert not bot.get_channel(late.id).permissions_for(me).send_messages  # type: ignore[union-attr]

    # changed while connected: CHANNEL_UPDATE reaches the cache
    fake.set_bot_permissions(box.general, BASIC & ~SEND_MESSAGES)
    await fake.wait_until(lambda: client_agrees("general"), 5, "general's overwrite")
    assert not box.discord_channel().permissions_for(me).send_messages
    fake.set_bot_permissions(fake.channel(box.guild, "muted"), BASIC)  # back to the guild level
    await fake.wait_until(lambda: client_agrees("muted"), 5, "muted's overwrite gone")
    assert muted.overwrites == {} and muted.permissions_for(me).send_messages

    # the guild level changed: GUILD_ROLE_UPDATE for the bot's role; channels with their own
    # setting keep it (CHANNEL_UPDATE with a new overwrite), the others follow the role
    sent_before = len(fake.gateway.dispatched)
    fake.set_bot_permissions(box.guild, BASIC | MANAGE_MESSAGES)
    names = ["general", "random", "muted", "hidden", "staff", "late"]
    await fake.wait_until(
        lambda: (
            me.guild_permissions.value == BASIC | MANAGE_MESSAGES
            and all(client_agrees(n) for n in names)
        ),
        5,
        "the new guild level in the cache",
    )
    assert world.bot_permissions_in(fake.channel(box.guild, "random")) == BASIC | MANAGE_MESSAGES
    assert world.bot_permissions_in(fake.channel(box.guild, "muted")) == BASIC
    assert not muted.permissions_for(me).manage_messages
    random = text_channel(bot, fake.channel(box.guild, "random").id)
    assert random is not None and random.permissions_for(me).manage_messages
    events = [(e, d.get("name")) for e, d in fake.gateway.dispatched[sent_before:]]
    assert events[0][0] == "GUILD_ROLE_UPDATE"
    assert sorted(events[1:]) == sorted(
        ("CHANNEL_UPDATE", n) for n in ["general", "muted", "hidden", "staff", "late"]
    )
    box.assert_clean()


async def test_resolved_channels_carry_the_invoking_users_permissions(sandbox: Sandbox) -> None:
    fake, world = sandbox.fake, sandbox.fake.world
    random = fake.channel(sandbox.guild, "random")
    fake.set_bot_permissions(random, sandbox.guild.bot_permissions & ~SEND_MESSAGES)
    bot_in_general = world.bot_permissions_in(sandbox.general)

    handle = await fake.slash(sandbox.bob, sandbox.general, "peek", {"where": random})
    assert (await handle.response()).content == "peeked at random"
    payload = handle.record.payload
    resolved = payload["data"]["resolved"]["channels"][str(random.id)]
    # bob has only @everyone's permissions; the bot's own are app_permissions
    assert resolved["permissions"] == str(DEFAULT_EVERYONE)
    assert payload["channel"]["permissions"] == str(DEFAULT_EVERYONE)
    assert payload["member"]["permissions"] == str(DEFAULT_EVERYONE)
    assert payload["app_permissions"] == str(bot_in_general)
    seen = sandbox.seen.values
    assert seen["peek_where"] == DEFAULT_EVERYONE and seen["peek_user"] == DEFAULT_EVERYONE
    assert seen["peek_app"] == bot_in_general

    # an administrator invokes it where the bot may not send
    handle = await fake.slash(sandbox.alice, random, "peek", {"where": random})
    await handle.response()
    resolved = handle.record.data["resolved"]["channels"][str(random.id)]
    assert resolved["permissions"] == str(ALL_PERMISSIONS)
    assert seen["peek_where"] == ALL_PERMISSIONS
    assert seen["peek_app"] == world.bot_permissions_in(random)
    assert not seen["peek_app"] & SEND_MESSAGES
    sandbox.assert_clean()
