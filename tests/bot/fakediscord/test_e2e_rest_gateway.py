"""The real discord.py client against the fake: REST calls, faults and gateway reconnects."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from typing import Any

import discord
import pytest

from bot.fakediscord.fake import FakeDiscord
from bot.fakediscord.permissions import SEND_MESSAGES
from bot.fakediscord.state import ChannelType, Guild
from tests.bot.fakediscord.harness import Sandbox, running_sandbox


async def test_send_edit_delete_and_history(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    channel = sandbox.discord_channel()
    sent = await channel.send("hello", embed=discord.Embed(title="T", description="D"))
    stored = fake.last_message(sandbox.general)
    assert stored is not None and stored.id == sent.id and stored.content == "hello"
    assert stored.embeds[0]["title"] == "T" and stored.author_id == fake.bot_user.id
    # MESSAGE_CREATE for the bot's own message reached the client
    await fake.wait_until(lambda: any(m.id == sent.id for m in sandbox.seen.messages), 5)

    edited = await sent.edit(content="hello, edited")
    assert edited.content == "hello, edited" and edited.edited_at is not None
    assert fake.get_message(sent.id).content == "hello, edited"  # type: ignore[union-attr]

    later = await channel.send("second")
    history = [m.content async for m in channel.history(limit=10)]
    assert history == ["second", "hello, edited"]
    fetched = await channel.fetch_message(sent.id)
    assert fetched.content == "hello, edited"
    after = [m.id async for m in channel.history(after=discord.Object(sent.id))]
    assert after == [later.id]

    await later.delete()
    assert [m.content for m in fake.messages(sandbox.general)] == ["hello, edited"]
    with pytest.raises(discord.NotFound):
        await channel.fetch_message(later.id)
    sandbox.caplog.clear()  # the 404 above is expected
    fake.validation_errors.clear()
    sandbox.assert_clean()


async def test_attachments_upload(sandbox: Sandbox) -> None:
    import io

    fake = sandbox.fake
    channel = sandbox.discord_channel()
    sent = await channel.send(
        "files",
        files=[
            discord.File(io.BytesIO(b"one"), filename="a.txt"),
            discord.File(io.BytesIO(b"\x00\x01two"), filename="b.bin", description="binary"),
        ],
    )
    stored = fake.get_message(sent.id)
    assert stored is not None
    assert [(a.filename, a.data) for a in stored.attachments] == [
        ("a.txt", b"one"),
        ("b.bin", b"\x00\x01two"),
    ]
    assert stored.attachments[1].description == "binary"
    assert [a.filename for a in sent.attachments] == ["a.txt", "b.bin"]
    assert await sent.attachments[0].read() == b"one"
    request = fake.find_requests("POST", "/channels/{channel_id}/messages")[-1]
    assert request.body["content"] == "files" and len(request.files) == 2
    # keep one attachment on edit
    edited = await sent.edit(attachments=[sent.attachments[1]])
    assert [a.filename for a in edited.attachments] == ["b.bin"]
    sandbox.assert_clean()


async def test_thread_from_message_and_standalone(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    channel = sandbox.discord_channel()
    sent = await channel.send("start a thread here")
    thread = await sent.create_thread(name="Discussion")
    assert thread.id == sent.id and thread.name == "Discussion"
    stored = fake.world.channels[thread.id]
    assert stored.is_thread and stored.parent_id == sandbox.general.id
    await fake.wait_until(lambda: sandbox.bot.get_channel(thread.id), 5)
    await thread.send("inside")
    assert [m.content for m in fake.messages(stored)] == ["inside"]
    other = await channel.create_thread(name="Private", type=discord.ChannelType.private_thread)
    assert other.type is discord.ChannelType.private_thread
    sandbox.assert_clean()


async def test_dm_open_and_send(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    user = await sandbox.bot.fetch_user(sandbox.bob.id)
    message = await user.send("hi bob")
    dm = fake.dm_channel(sandbox.bob)
    assert message.channel.id == dm.id
    assert [m.content for m in fake.messages(dm)] == ["hi bob"]
    assert fake.find_requests("POST", "/users/@me/channels")[0].body == {
        "recipient_id": sandbox.bob.id
    }
    sandbox.assert_clean()


async def test_dm_to_closed_user_is_forbidden(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    user = await sandbox.bot.fetch_user(sandbox.closed.id)
    with pytest.raises(discord.Forbidden) as info:
        await user.send("you will not get this")
    assert info.value.code == 50007
    assert fake.messages(fake.dm_channel(sandbox.closed)) == []
    sandbox.assert_clean()


async def test_missing_permissions_and_deleted_channel(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    random = fake.channel(sandbox.guild, "random")
    fake.set_bot_permissions(random, sandbox.guild.bot_permissions & ~SEND_MESSAGES)
    channel = sandbox.discord_channel(random)
    me = channel.guild.me
    # the bot's cache shows it too (a member overwrite, sent in CHANNEL_UPDATE)
    await fake.wait_until(lambda: not channel.permissions_for(me).send_messages, 5)
    with pytest.raises(discord.Forbidden) as info:
        await channel.send("nope")
    assert info.value.code == 50013
    # app_permissions in interactions follow the setting
    handle = await fake.slash(sandbox.alice, random, "ping")
    assert int(handle.record.payload["app_permissions"]) & SEND_MESSAGES == 0
    await handle.response()

    fake.delete_channel(random)
    with pytest.raises(discord.NotFound) as missing:
        await channel.send("gone")
    assert missing.value.code == 10003
    sandbox.assert_clean()


async def test_rate_limit_429_is_retried(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    rule = fake.fail_next("POST", "/channels/{channel_id}/messages", 429, retry_after=0.3)
    started = time.monotonic()
    sent = await sandbox.discord_channel().send("after a 429")
    assert time.monotonic() - started >= 0.3
    assert rule.hits == 1
    statuses = [r.status for r in fake.find_requests("POST", "/channels/{channel_id}/messages")]
    assert statuses == [429, 200]
    limited = fake.find_requests("POST", "/channels/{channel_id}/messages")[0]
    assert limited.response["retry_after"] == 0.3 and limited.response["global"] is False
    assert fake.last_message(sandbox.general).id == sent.id  # type: ignore[union-attr]
    sandbox.assert_clean()


async def test_global_429_on_interaction_callback_is_retried(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    route = "/interactions/{interaction_id}/{interaction_token}/callback"
    fake.fail_next("POST", route, 429, retry_after=0.2, global_=True)
    handle = await fake.slash(sandbox.alice, sandbox.general, "ping")
    response = await handle.response()
    assert response.content == "pong"
    assert [r.status for r in fake.find_requests("POST", route)] == [429, 200]
    assert fake.find_requests("POST", route)[0].response["global"] is True
    sandbox.assert_clean()


async def test_server_error_once_is_retried(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    fake.fail_next("POST", re.compile(r"/channels/\d+/messages$"), 500)
    await sandbox.discord_channel().send("after a 500")
    statuses = [r.status for r in fake.find_requests("POST", "/channels/{channel_id}/messages")]
    assert statuses == [500, 200]
    assert [m.content for m in fake.messages(sandbox.general)] == ["after a 500"]
    sandbox.assert_clean()


async def test_repeated_nonce_creates_one_message(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    channel = sandbox.discord_channel()
    first = await channel.send("once", nonce=123456)
    second = await channel.send("once", nonce=123456)
    assert first.id == second.id
    assert [m.content for m in fake.messages(sandbox.general)] == ["once"]
    third = await channel.send("once", nonce=654321)
    assert third.id != first.id
    sandbox.assert_clean()


async def test_gateway_drop_resumes(sandbox: Sandbox) -> None:
    fake, bot = sandbox.fake, sandbox.bot
    resumed = asyncio.Event()

    async def on_resumed() -> None:
        resumed.set()

    bot.add_listener(on_resumed)
    await fake.drop_gateway(resumable=True)
    # an event sent while the bot is away is replayed on RESUME
    user_message = await fake.send_message(sandbox.bob, sandbox.general, "while you were away")
    await fake.wait_until(lambda: fake.resume_count == 1, 10, "a RESUME")
    await asyncio.wait_for(resumed.wait(), 5)
    await fake.wait_until(lambda: any(m.id == user_message.id for m in sandbox.seen.messages), 5)
    assert fake.identify_count == 1
    handle = await fake.slash(sandbox.alice, sandbox.general, "ping")
    assert (await handle.response()).content == "pong"
    sandbox.assert_clean()


async def test_invalid_session_reidentifies(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    await fake.drop_gateway(resumable=False)
    await fake.wait_until(
        lambda: fake.identify_count == 2 and fake.gateway.connected, 10, "a second IDENTIFY"
    )
    assert fake.resume_count == 0
    await asyncio.wait_for(sandbox.bot.wait_until_ready(), 5)
    handle = await fake.slash(sandbox.alice, sandbox.general, "ping")
    assert (await handle.response()).content == "pong"
    sandbox.assert_clean()


async def test_invalid_body_is_rejected_and_recorded(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    with pytest.raises(discord.HTTPException) as info:
        await sandbox.discord_channel().send("x" * 2001)
    assert info.value.status == 400 and info.value.code == 50035
    assert len(fake.validation_errors) == 1
    failure = fake.validation_errors[0]
    assert failure.route == "/channels/{channel_id}/messages"
    assert "content" in failure.message and "2000" in failure.message
    assert fake.messages(sandbox.general) == []


async def test_a_voice_channel_reaches_the_client_as_discord_sends_it(
    caplog: pytest.LogCaptureFixture, validator: Callable[[str, str, Any], None]
) -> None:
    def add_voice(fake: FakeDiscord, guild: Guild) -> None:
        fake.add_channel(guild, "lounge", channel_type=ChannelType.GUILD_VOICE)

    async with running_sandbox(caplog, validator, prepare=add_voice) as box:
        lounge = box.fake.channel(box.guild, "lounge")
        found = box.bot.get_channel(lounge.id)
        assert isinstance(found, discord.VoiceChannel)
        assert found.bitrate == 64000 and found.user_limit == 0
        box.assert_clean()
