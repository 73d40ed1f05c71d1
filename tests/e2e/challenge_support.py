"""What the fun-challenge end-to-end tests share: the buttons' ``custom_id`` prefixes, posting
a challenge now with its thread, doing a challenge through its form, the schedule's options,
finding the challenge posts in a channel, and counting rows."""

from __future__ import annotations

from typing import Any

from bot.app.client import Kindred
from bot.fakediscord import Channel, FakeDiscord, Message, User
from tests.e2e.questions_support import button, said, thread_of

DID_IT, NOT_TODAY, LAUGH, KEEP, REMOVE = "kc:d:", "kc:n:", "kc:l:", "kc:k:", "kc:r:"
# 2 June 2026 is a Tuesday; London is on BST (UTC+1): 09:00 London = 08:00 UTC.
DAILY = {"cadence": "daily", "time": "9:00", "timezone": "Europe/London"}


def cog_of(bot: Kindred) -> Any:
    return bot.get_cog("Fun challenges")


async def count(bot: Kindred, sql: str, *params: Any) -> int:
    return int(await bot.db.fetch_value(sql, params) or 0)


def labels(message: Message) -> list[str]:
    return [b.get("label", "") for row in message.components for b in row["components"]]


async def post_now(
    fake: FakeDiscord, user: User, channel: Channel, **options: Any
) -> tuple[Message, Channel]:
    """Run /challenge now in ``channel``; the post and its thread, once both are there."""
    post = await (await fake.slash(user, channel, "challenge now", options)).message()
    return post, await thread_of(fake, post)


async def open_form(fake: FakeDiscord, user: User, post: Message) -> Any:
    """Press "I did it 🎉"; the press, once its form is shown."""
    handle = await fake.click(user, post, button(post, DID_IT))
    await handle.modal()
    return handle


async def submit(opened: Any, note: str) -> str:
    """Fill an open form's note (a photo challenge's upload left empty); the bot's answer."""
    field = (await opened.modal()).field_ids()[0]
    return await said(await opened.submit_modal({field: note}))


async def did_it(fake: FakeDiscord, user: User, post: Message, note: str = "") -> str:
    """Press "I did it 🎉", fill the form with ``note`` and return what the bot answered."""
    return await submit(await open_form(fake, user, post), note)


def challenge_posts(fake: FakeDiscord, channel: Channel) -> list[Message]:
    return [
        m
        for m in fake.messages(channel)
        if m.embeds and m.embeds[0].get("title", "").startswith("Challenge #")
    ]


async def schedule(
    fake: FakeDiscord, user: User, where: Channel, channel: Channel, **options: Any
) -> Any:
    """Run /challenge schedule for ``channel`` (daily at 09:00 London unless told) and
    return the answer."""
    handle = await fake.slash(
        user, where, "challenge schedule", {"channel": channel, **DAILY, **options}
    )
    return await handle.response()


async def done_now(fake: FakeDiscord, user: User, channel: Channel, note: str) -> Message:
    """A challenge posted now and done by ``user`` with ``note``: the completion, the only
    message in the post's thread."""
    post, thread = await post_now(fake, user, channel)
    await did_it(fake, user, post, note)
    [completion] = fake.messages(thread)
    return completion


# The board's e2e helpers (also used by the pause's streak test)


async def board(fake: FakeDiscord, user: User, where: Channel) -> Any:
    return await (await fake.slash(user, where, "challenge board")).response()


def shown(response: Any) -> dict[str, str]:
    """The board's fields by name, plus its description, from a private answer."""
    assert response.ok and response.ephemeral
    [embed] = response.data["embeds"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    return {"description": embed["description"], "footer": embed["footer"]["text"], **fields}


STREAK, BEST, FREEZE, TAKING = (
    "🔥 Challenges in a row",
    "🌟 Best streak together",
    "❄️ Freeze",
    "🙌 Different people taking part",
)


async def post_challenge(fake: FakeDiscord, bot: Kindred, user: User, channel: Channel) -> Message:
    await cog_of(bot).posts.release_now_slot(channel.id)  # the cooldown is tested elsewhere
    post, _ = await post_now(fake, user, channel)
    return post


async def share(fake: FakeDiscord, user: User, post: Message) -> None:
    assert "Shared in the thread" in await did_it(fake, user, post)
