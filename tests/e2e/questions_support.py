"""What the /question end-to-end tests share: the clock's starting point, a schedule, and
small helpers to run a command, find posts and threads, answer and press buttons."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from discord import Permissions

from bot.fakediscord import Channel, FakeDiscord, Message, User

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
