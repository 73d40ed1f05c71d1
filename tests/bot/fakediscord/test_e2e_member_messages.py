"""Members' messages with photos, as a bot without the Message Content intent receives them: empty
unless they mention the bot or come in a DM with it."""

from __future__ import annotations

import discord

from bot.fakediscord import Message, image
from tests.bot.fakediscord.harness import Sandbox

MESSAGE_CONTENT = 1 << 15


async def seen_by_bot(sandbox: Sandbox, sent: Message) -> discord.Message:
    return await sandbox.fake.wait_until(
        lambda: next((m for m in sandbox.seen.messages if m.id == sent.id), None),
        5,
        f"the bot to receive message {sent.id}",
    )


async def test_a_photo_in_a_thread_reaches_the_bot_empty_without_a_mention(
    sandbox: Sandbox,
) -> None:
    fake, bob = sandbox.fake, sandbox.bob
    thread = await sandbox.discord_channel().create_thread(
        name="photos", type=discord.ChannelType.public_thread
    )
    stored = fake.world.channels[thread.id]
    sent = await fake.send_message(bob, stored, "my sunset", files=[image("sunset.jpg")])
    [kept] = sent.attachments
    assert (kept.filename, kept.content_type, kept.width, kept.height) == (
        "sunset.jpg",
        "image/jpeg",
        1024,
        768,
    )
    received = await seen_by_bot(sandbox, sent)
    assert received.author.id == bob.id and received.channel.id == thread.id
    assert received.content == "" and received.attachments == [] and received.embeds == []
    assert bob.id in fake.thread_members(stored), "posting in a thread joins it"
    sandbox.assert_clean()


async def test_a_photo_that_mentions_the_bot_arrives_whole(sandbox: Sandbox) -> None:
    fake, bob = sandbox.fake, sandbox.bob
    photo = image("cake.png", width=640, height=480, data=b"\x89PNG not really a cake")
    sent = await fake.send_message(
        bob, sandbox.general, f"{fake.bot_user.mention} look!", files=[photo]
    )
    received = await seen_by_bot(sandbox, sent)
    assert received.content == f"{fake.bot_user.mention} look!"
    assert [u.id for u in received.mentions] == [fake.bot_user.id]
    [attachment] = received.attachments
    assert (attachment.filename, attachment.content_type) == ("cake.png", "image/png")
    assert (attachment.width, attachment.height, attachment.size) == (640, 480, len(photo.data))
    assert await attachment.read() == photo.data
    sandbox.assert_clean()


async def test_a_mention_of_someone_else_does_not_reveal_the_message(sandbox: Sandbox) -> None:
    fake = sandbox.fake
    sent = await fake.send_message(sandbox.bob, sandbox.general, f"hi {sandbox.alice.mention}")
    received = await seen_by_bot(sandbox, sent)
    assert received.content == ""
    # Discord empties the content, not the list of who was mentioned
    assert [u.id for u in received.mentions] == [sandbox.alice.id]


async def test_a_dm_with_the_bot_arrives_whole(sandbox: Sandbox) -> None:
    fake, bob = sandbox.fake, sandbox.bob
    sent = await fake.send_message(
        bob, fake.dm_channel(bob), "a picture for you", files=[image("dog.gif")]
    )
    received = await seen_by_bot(sandbox, sent)
    assert received.content == "a picture for you"
    assert [a.filename for a in received.attachments] == ["dog.gif"]
    assert isinstance(received.channel, discord.DMChannel)
    sandbox.assert_clean()


async def test_fetching_a_message_shows_its_words_only_with_the_content_intent(
    sandbox: Sandbox,
) -> None:
    fake = sandbox.fake
    sent = await fake.send_message(sandbox.bob, sandbox.general, "for the record", files=[image()])
    fetched = await sandbox.discord_channel().fetch_message(sent.id)
    assert (fetched.content, fetched.attachments) == ("", [])

    fake.privileged_intents = MESSAGE_CONTENT  # as if enabled in the developer portal
    fetched = await sandbox.discord_channel().fetch_message(sent.id)
    assert fetched.content == "for the record"
    assert [a.filename for a in fetched.attachments] == ["photo.png"]


async def test_a_reply_to_the_bot_reaches_it_whole_unless_the_ping_is_off(
    sandbox: Sandbox,
) -> None:
    fake, bob = sandbox.fake, sandbox.bob
    await sandbox.discord_channel().send("today's challenge")
    post = fake.last_message(sandbox.general)
    assert post is not None
    pinged = await fake.send_message(bob, sandbox.general, "done!", reply_to=post)
    assert (await seen_by_bot(sandbox, pinged)).content == "done!"
    quiet = await fake.members.send(bob, sandbox.general, "shh", reply_to=post, ping_reply=False)
    assert (await seen_by_bot(sandbox, quiet)).content == ""
