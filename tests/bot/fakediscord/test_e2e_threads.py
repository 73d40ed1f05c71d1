"""Private threads and thread membership in the fake, driven by the real discord.py client: what
the bot can do to them, what it hears through the gateway without privileged intents, and what
a member outside a private thread cannot do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord
import pytest

from bot.fakediscord import ALL_PERMISSIONS, Channel, DiscordError, FakeDiscord, Guild
from bot.fakediscord.permissions import ADMINISTRATOR, MANAGE_THREADS
from tests.bot.fakediscord.harness import Sandbox, running_sandbox

GUILD_MEMBERS = 1 << 1


def heard(sandbox: Sandbox) -> list[str]:
    """Start recording the gateway event types the bot receives; the list fills as they come."""
    events: list[str] = []

    async def on_socket_event_type(event: str) -> None:
        events.append(event)

    sandbox.bot.add_listener(on_socket_event_type)
    return events


async def private_thread(sandbox: Sandbox, *, invitable: bool = True) -> discord.Thread:
    thread = await sandbox.discord_channel().create_thread(
        name="just us", type=discord.ChannelType.private_thread, invitable=invitable
    )
    await sandbox.fake.wait_until(
        lambda: sandbox.bot.get_channel(thread.id), 5, "the thread in the bot's cache"
    )
    return thread


async def a_message_round_trip(sandbox: Sandbox) -> None:
    """Every event the fake sent before this one has reached the bot once this returns."""
    sent = await sandbox.fake.send_message(sandbox.alice, sandbox.general, "ping")
    await sandbox.fake.wait_until(
        lambda: any(m.id == sent.id for m in sandbox.seen.messages), 5, "the bot to hear alice"
    )


def is_archived(thread: Channel) -> bool:
    """Read afresh each time (a plain attribute check would be narrowed by the type checker)."""
    return thread.archived


def carol(fake: FakeDiscord, sandbox: Sandbox) -> Any:
    user = fake.add_user("carol")
    fake.add_member(sandbox.guild, user)
    return user


async def test_a_private_thread_holds_only_the_members_the_bot_adds(sandbox: Sandbox) -> None:
    fake, bob = sandbox.fake, sandbox.bob
    events = heard(sandbox)
    thread = await private_thread(sandbox, invitable=False)
    stored = fake.world.channels[thread.id]
    assert stored.type == discord.ChannelType.private_thread.value
    assert thread.invitable is False and thread.owner_id == fake.bot_user.id
    assert fake.thread_members(stored) == [fake.bot_user.id]
    await fake.wait_until(lambda: "THREAD_MEMBERS_UPDATE" in events, 5, "the bot's own join")

    await thread.add_user(discord.Object(bob.id))
    assert fake.thread_members(stored) == [fake.bot_user.id, bob.id]
    member = await thread.fetch_member(bob.id)
    assert member.id == bob.id and member.thread_id == thread.id
    await a_message_round_trip(sandbox)
    # Without the GUILD_MEMBERS intent the bot hears of its own joining, not of bob's.
    assert events.count("THREAD_MEMBERS_UPDATE") == 1
    assert [e for e, _ in fake.gateway.dispatched].count("THREAD_MEMBERS_UPDATE") == 2

    await thread.remove_user(discord.Object(bob.id))
    assert fake.thread_members(stored) == [fake.bot_user.id]
    with pytest.raises(discord.NotFound) as missing:
        await thread.fetch_member(bob.id)
    assert missing.value.code == 10007
    sandbox.assert_clean()


async def test_a_member_outside_a_private_thread_can_neither_post_nor_press(
    sandbox: Sandbox,
) -> None:
    fake, bob = sandbox.fake, sandbox.bob
    outsider = carol(fake, sandbox)
    thread = await private_thread(sandbox)
    stored = fake.world.channels[thread.id]
    await thread.add_user(discord.Object(bob.id))
    view: discord.ui.View = discord.ui.View().add_item(
        discord.ui.Button(label="Go", custom_id="go")
    )
    post = await thread.send("press me", view=view)

    for act in (
        fake.send_message(outsider, stored, "let me in"),
        fake.click(outsider, post.id, "go"),
        fake.slash(outsider, stored, "ping"),
    ):
        with pytest.raises(DiscordError) as refused:
            await act
        assert (refused.value.status, refused.value.code) == (403, 50001)
    assert [m.content for m in fake.messages(stored)] == ["press me"]

    said = await fake.send_message(bob, stored, "hello pair")
    assert said.channel_id == thread.id
    handle = await fake.click(bob, post.id, "go")
    assert handle.record.user is bob
    # an administrator moderates threads, so sees them all, as in Discord
    await fake.send_message(sandbox.alice, stored, "a moderator drops by")
    assert sandbox.alice.id in fake.thread_members(stored)


async def test_thread_members_can_be_listed_only_with_the_members_intent(
    sandbox: Sandbox,
) -> None:
    fake = sandbox.fake
    thread = await private_thread(sandbox)
    await thread.add_user(discord.Object(sandbox.bob.id))
    with pytest.raises(discord.Forbidden) as refused:
        await thread.fetch_members()
    assert refused.value.code == 50001

    fake.privileged_intents = GUILD_MEMBERS
    assert sorted(m.id for m in await thread.fetch_members()) == sorted(
        [fake.bot_user.id, sandbox.bob.id]
    )


async def test_an_archived_thread_takes_no_members_but_wakes_on_a_message(
    sandbox: Sandbox,
) -> None:
    fake, bob = sandbox.fake, sandbox.bob
    thread = await private_thread(sandbox)
    await thread.add_user(discord.Object(bob.id))
    await thread.edit(archived=True)
    stored = fake.world.channels[thread.id]
    with pytest.raises(discord.HTTPException) as refused:
        await thread.add_user(discord.Object(sandbox.alice.id))
    assert (refused.value.status, refused.value.code) == (400, 50083)

    await fake.send_message(bob, stored, "still here")
    assert not is_archived(stored)

    def reopened() -> bool:
        cached = sandbox.bot.get_channel(thread.id)
        return isinstance(cached, discord.Thread) and not cached.archived

    await fake.wait_until(reopened, 5, "the bot to see the thread unarchived")

    await thread.edit(archived=True, locked=True)
    with pytest.raises(DiscordError) as locked:
        await fake.send_message(bob, stored, "knock knock")
    assert (locked.value.status, locked.value.code) == (400, 50083)
    assert is_archived(stored)
    # the bot moderates threads here: its message reopens the thread
    await thread.send("reopening")
    assert not is_archived(stored)
    sandbox.assert_clean()


async def test_the_bot_hears_of_a_private_thread_only_once_it_is_let_in(
    sandbox: Sandbox,
) -> None:
    fake = sandbox.fake
    fake.set_bot_permissions(sandbox.general, ALL_PERMISSIONS & ~ADMINISTRATOR & ~MANAGE_THREADS)
    hidden: Channel = fake.add_thread(sandbox.general, "secret", owner=sandbox.alice, private=True)
    await fake.settle()
    await a_message_round_trip(sandbox)
    assert sandbox.bot.get_channel(hidden.id) is None
    with pytest.raises(discord.Forbidden) as refused:
        await sandbox.bot.get_partial_messageable(hidden.id).send("hi")
    assert refused.value.code == 50001

    fake.add_thread_member(hidden, fake.bot_user)
    await fake.settle()
    found = await fake.wait_until(
        lambda: sandbox.bot.get_channel(hidden.id), 5, "the private thread in the bot's cache"
    )
    assert isinstance(found, discord.Thread) and found.is_private()
    await found.send("thanks for having me")
    assert [m.content for m in fake.messages(hidden)] == ["thanks for having me"]
    sandbox.assert_clean()


async def test_a_threads_message_count_drops_when_a_message_goes(sandbox: Sandbox) -> None:
    thread = await private_thread(sandbox)
    await thread.add_user(discord.Object(sandbox.bob.id))
    first = await thread.send("one")
    await sandbox.fake.send_message(sandbox.bob, sandbox.fake.world.channels[thread.id], "two")
    await first.delete()
    fetched = await sandbox.bot.fetch_channel(thread.id)
    assert isinstance(fetched, discord.Thread)
    assert (fetched.message_count, fetched.total_message_sent) == (1, 2)
    sandbox.assert_clean()


async def test_on_connecting_the_bot_gets_the_private_threads_it_is_in_and_no_others(
    caplog: pytest.LogCaptureFixture, validator: Callable[[str, str, Any], None]
) -> None:
    made: dict[str, Channel] = {}

    def two_private_threads(fake: FakeDiscord, guild: Guild) -> None:
        general = fake.channel(guild, "general")
        fake.set_bot_permissions(general, ALL_PERMISSIONS & ~ADMINISTRATOR & ~MANAGE_THREADS)
        owner = fake.world.users[guild.owner_id]
        made["ours"] = fake.add_thread(general, "ours", owner=owner, private=True)
        made["theirs"] = fake.add_thread(general, "theirs", owner=owner, private=True)
        fake.rest.threads.membership.add(made["ours"], fake.bot_user.id)

    async with running_sandbox(caplog, validator, prepare=two_private_threads) as box:
        ours = box.bot.get_channel(made["ours"].id)
        assert isinstance(ours, discord.Thread) and ours.me is not None
        assert ours.me.id == box.fake.bot_user.id
        assert box.bot.get_channel(made["theirs"].id) is None
        box.assert_clean()


async def test_a_thread_started_from_a_post_has_the_bot_as_its_first_member(
    sandbox: Sandbox,
) -> None:
    events = heard(sandbox)
    post = await sandbox.discord_channel().send("today's question")
    thread = await post.create_thread(name="answers")
    assert sandbox.fake.thread_members(sandbox.fake.world.channels[thread.id]) == [
        sandbox.fake.bot_user.id
    ]
    await sandbox.fake.wait_until(lambda: "THREAD_MEMBERS_UPDATE" in events, 5, "the bot's join")
    sandbox.assert_clean()


async def test_a_member_who_leaves_is_gone_though_the_bot_is_not_told(sandbox: Sandbox) -> None:
    fake, bob = sandbox.fake, sandbox.bob
    events = heard(sandbox)
    thread = await private_thread(sandbox)
    stored = fake.world.channels[thread.id]
    await thread.add_user(discord.Object(bob.id))
    await fake.members.leave_thread(bob, stored)
    assert fake.thread_members(stored) == [fake.bot_user.id]
    with pytest.raises(discord.NotFound):
        await thread.fetch_member(bob.id)
    with pytest.raises(DiscordError) as refused:
        await fake.send_message(bob, stored, "back again?")
    assert refused.value.code == 50001
    await a_message_round_trip(sandbox)
    assert events.count("THREAD_MEMBERS_UPDATE") == 1, "only the bot's own joining"
