"""What the /question end-to-end tests share: the clock's starting point, a schedule, and
small helpers to run a command, find posts and threads, answer and press buttons."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from discord import Permissions

from bot.app.client import Kindred
from bot.fakediscord import Channel, FakeDiscord, Message, User
from tests.e2e.harness import eventually

# 2 June 2026, London is on BST (UTC+1): 09:00 London = 08:00 UTC.

CREATE_PUBLIC_THREADS = Permissions(create_public_threads=True).value
BEFORE_NINE = datetime(2026, 6, 2, 7, 59, 57, tzinfo=UTC)
SCHEDULE = {"time": "9:00", "timezone": "Europe/London"}


async def run(fake: FakeDiscord, user: User, where: Channel, command: str, **options: Any) -> Any:
    handle = await fake.slash(user, where, command, options)
    response = await handle.response()
    assert response.ok
    return response


def posts(fake: FakeDiscord, channel: Channel) -> list[Message]:
    return [m for m in fake.messages(channel) if m.embeds and "Question #" in m.embeds[0]["title"]]


async def thread_of(fake: FakeDiscord, post: Message) -> Channel:
    """The post's thread (one started from a message shares its id), once it exists."""
    await fake.wait_until(lambda: post.id in fake.world.channels, 5, "the post's thread")
    return fake.world.channels[post.id]


async def answer(
    fake: FakeDiscord, user: User, post: Message, text: str, *, anonymous: bool = False
) -> Any:
    custom_id = next(
        c for c in post.custom_ids() if c.startswith("kq:n:" if anonymous else "kq:a:")
    )
    clicked = await fake.click(user, post, custom_id)
    modal = await clicked.modal()
    [field] = modal.field_ids()
    submitted = await clicked.submit_modal({field: text})
    return await submitted.followup(0)


def button(message: Message, prefix: str) -> str:
    return next(c for c in message.custom_ids() if c.startswith(prefix))


async def open_form(fake: FakeDiscord, user: User, message: Message, prefix: str) -> Any:
    """Press the button starting with ``prefix`` and wait for the form it opens."""
    handle = await fake.click(user, message, button(message, prefix))
    await handle.modal()
    return handle


async def submit_form(opened: Any, text: str) -> Any:
    """Submit a form opened by :func:`open_form` with ``text`` in its one field."""
    [field] = (await opened.modal()).field_ids()
    return await opened.submit_modal({field: text})


async def said(handle: Any) -> str:
    """What the bot answered: the response itself, or its first follow-up after a defer."""
    response = await handle.response()
    if response.content:
        return str(response.content)
    return str((await handle.followup(0)).content)


async def join_another_server(
    fake: FakeDiscord, bot: Kindred, owner: User, name: str = "Elsewhere"
) -> Channel:
    """A second server (``owner`` its admin) that Kindred has joined; its one channel."""
    guild = fake.add_guild(name, owner=owner, channels=("lounge",))

    async def joined() -> bool:
        return bot.get_guild(guild.id) is not None

    await eventually(joined, f"Kindred to join {name}")
    return fake.channel(guild, "lounge")


async def purge_server(bot: Kindred, guild_id: int) -> None:
    """What the retention job does 30 days after a server removed Kindred, for questions."""
    cog: Any = bot.get_cog("Daily questions")
    async with bot.db.transaction():
        await cog.data_owner.delete_guild(guild_id)
