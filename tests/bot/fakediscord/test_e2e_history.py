"""Reading a channel's messages in the fake, with the real discord.py client, as Discord's
docs say: newest first, every message with its author but others' words only with the
Message Content intent, an empty list without Read Message History, and 403 for a private
thread the bot cannot see."""

from __future__ import annotations

import discord
import pytest

from bot.fakediscord import ALL_PERMISSIONS, Channel
from bot.fakediscord.permissions import ADMINISTRATOR, MANAGE_THREADS, READ_MESSAGE_HISTORY
from tests.bot.fakediscord.harness import Sandbox

EVERYTHING = ALL_PERMISSIONS & ~ADMINISTRATOR


async def test_history_is_newest_first_with_authors_but_not_their_words(
    sandbox: Sandbox,
) -> None:
    fake = sandbox.fake
    first = await fake.send_message(sandbox.alice, sandbox.general, "hello from alice")
    second = await fake.send_message(sandbox.bob, sandbox.general, "and bob")
    channel = sandbox.bot.get_partial_messageable(sandbox.general.id)
    read = [m async for m in channel.history(limit=10)]
    assert [m.id for m in read] == [second.id, first.id]
    assert [m.author.id for m in read] == [sandbox.bob.id, sandbox.alice.id]
    assert [m.content for m in read] == ["", ""], "no Message Content intent"
    [older] = [m async for m in channel.history(limit=10, before=discord.Object(second.id))]
    assert older.id == first.id
    sandbox.assert_clean()


async def test_without_read_message_history_the_answer_is_empty(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    await fake.send_message(sandbox.alice, sandbox.general, "hello")
    fake.set_bot_permissions(sandbox.general, EVERYTHING & ~READ_MESSAGE_HISTORY)
    channel = sandbox.bot.get_partial_messageable(sandbox.general.id)
    assert [m async for m in channel.history(limit=10)] == []
    sandbox.assert_clean()


async def test_a_private_thread_the_bot_cannot_see_is_refused(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    fake.set_bot_permissions(sandbox.general, EVERYTHING & ~MANAGE_THREADS)
    hidden: Channel = fake.add_thread(sandbox.general, "secret", owner=sandbox.alice, private=True)
    await fake.settle()
    channel = sandbox.bot.get_partial_messageable(hidden.id)
    with pytest.raises(discord.Forbidden) as refused:
        [m async for m in channel.history(limit=10)]
    assert refused.value.code == 50001
    fake.add_thread_member(hidden, fake.bot_user)
    await fake.settle()
    await fake.send_message(sandbox.alice, hidden, "just us")
    assert [m.author.id async for m in channel.history(limit=10)] == [sandbox.alice.id]
    sandbox.assert_clean()
