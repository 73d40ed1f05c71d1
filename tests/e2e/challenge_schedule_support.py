"""What the scheduled-challenge end-to-end tests share: the schedule's options, finding the
challenge posts in a channel, and doing a challenge through its form."""

from __future__ import annotations

from typing import Any

from bot.fakediscord import Channel, FakeDiscord, Message, User
from tests.e2e.questions_support import button, said

# 2 June 2026 is a Tuesday; London is on BST (UTC+1): 09:00 London = 08:00 UTC.
DAILY = {"cadence": "daily", "time": "9:00", "timezone": "Europe/London"}
DID_IT = "kc:d:"


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


async def did_it(fake: FakeDiscord, user: User, post: Message, note: str = "") -> str:
    """Press "I did it 🎉", fill the form with ``note`` and return what the bot answered."""
    clicked = await fake.click(user, post, button(post, DID_IT))
    field, *_photo = (await clicked.modal()).field_ids()  # a photo challenge has an upload too
    submitted = await clicked.submit_modal({field: note})
    return await said(submitted)
