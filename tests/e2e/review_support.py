"""What the relationship review's end-to-end tests share: the buttons' ``custom_id``
prefixes, the clock's start, starting and accepting a review, reading a member's review DMs,
answering a round through its two forms, and counting rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app.client import Kindred
from bot.fakediscord import Channel, FakeDiscord, Message, User
from bot.timing.clock import OffsetClock
from tests.e2e.questions_support import button

ACCEPT, DECLINE, ANSWER, HELP = "kr:a:", "kr:d:", "kr:o:", "kr:h:"
# Monday 1 June 2026, 10:00 UTC. A weekly review on Tuesdays at 19:00 London (BST, UTC+1)
# first happens on Tuesday 2 June at 18:00 UTC.
START = datetime(2026, 6, 1, 10, tzinfo=UTC)
FIRST_ROUND = datetime(2026, 6, 2, 18, tzinfo=UTC)
WEEKLY = {"cadence": "weekly", "day": 1, "time": "19:00", "timezone": "Europe/London"}
GOOD_REFLECTIONS = (
    "We cooked together twice and laughed a lot.",
    "I felt alone when plans changed late. I'd love a quick message first.",
    "Ten quiet minutes together after dinner.",
)


def cog_of(bot: Kindred) -> Any:
    return bot.get_cog("Relationship review")


async def count(bot: Kindred, sql: str, *params: Any) -> int:
    return int(await bot.db.fetch_value(sql, params) or 0)


async def start(
    fake: FakeDiscord, inviter: User, where: Channel, partner: Any, **options: Any
) -> Any:
    """Run /review start (weekly, Tuesdays 19:00 London unless told); the handle."""
    return await fake.slash(
        inviter, where, "review start", {"partner": partner, **WEEKLY, **options}
    )


async def invitation(fake: FakeDiscord, inviter: User, partner: User, where: Channel) -> Message:
    handle = await start(fake, inviter, where, partner)
    return await handle.message()


async def accepted_review(
    fake: FakeDiscord, inviter: User, partner: User, where: Channel
) -> Message:
    """A review started by ``inviter`` and accepted by ``partner``; the invitation post."""
    post = await invitation(fake, inviter, partner, where)
    answer = await (await fake.click(partner, post, button(post, ACCEPT))).response()
    assert answer.ok
    return post


def review_dms(fake: FakeDiscord, user: User) -> list[Message]:
    return list(fake.messages(fake.dm_channel(user)))


async def dms(fake: FakeDiscord, user: User, count: int) -> list[Message]:
    """The member's DMs once there are at least ``count``."""
    channel = fake.dm_channel(user)
    await fake.wait_until(lambda: len(fake.messages(channel)) >= count, 5, f"{count} DMs")
    await fake.settle()
    return fake.messages(channel)


async def round_time(fake: FakeDiscord, clock: OffsetClock, *users: User) -> list[Message]:
    """Move the clock to the first round; each member's round letter."""
    before = {u.id: len(review_dms(fake, u)) for u in users}
    clock.set(FIRST_ROUND + timedelta(seconds=1))
    letters = []
    for user in users:
        received = await dms(fake, user, before[user.id] + 1)
        letters.append(received[-1])
    return letters


async def submit_form(
    fake: FakeDiscord, user: User, message: Message, values: Sequence[str]
) -> Any:
    """Press Answer on ``message``, fill the form it opens in order; the submission."""
    handle = await fake.click(user, message, button(message, ANSWER))
    modal = await handle.modal()
    fields = modal.field_ids()
    return await handle.submit_modal(dict(zip(fields, values, strict=False)))


async def answer_round(
    fake: FakeDiscord,
    user: User,
    letter: Message,
    appreciations: Sequence[str] = ("Thank you for the tea.",),
    reflections: Sequence[str] = GOOD_REFLECTIONS,
) -> str:
    """Both forms, from the round's letter; what the bot said after the second."""
    first = await submit_form(fake, user, letter, appreciations)
    saved = await first.message()
    second = await submit_form(fake, user, saved, reflections)
    return str((await second.response()).content)
