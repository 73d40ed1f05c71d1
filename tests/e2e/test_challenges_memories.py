"""The memory jar end to end: 🫙 Keep is its author's toggle, /challenge memories shows a kept
moment of this server only (privately, pinging nobody), and a kept moment's first
anniversary is posted once across restarts, never for an author who left or took it out of
the jar, and goes with /mydata delete."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app.client import Kindred
from bot.fakediscord import Channel, FakeDiscord, Message, User
from bot.fakediscord.departures import member_leaves
from bot.timing.clock import OffsetClock
from tests.e2e.challenge_support import KEEP, did_it, done_now, labels, post_now
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import button, join_another_server

DONE_AT = datetime(2026, 6, 2, 8, tzinfo=UTC)
A_YEAR_ON_BEFORE_NOON = datetime(2027, 6, 2, 11, 59, 58, tzinfo=UTC)


async def press_keep(fake: FakeDiscord, user: User, completion: Message) -> str:
    pressed = await fake.click(user, completion, button(completion, KEEP))
    response = await pressed.response()
    return str(response.content or (await pressed.followup(0)).content)


async def memories(fake: FakeDiscord, user: User, where: Channel) -> Any:
    response = await (await fake.slash(user, where, "challenge memories")).response()
    assert response.ephemeral, "a member's words are shown privately, never left in the channel"
    return response


def anniversaries(fake: FakeDiscord, channel: Channel) -> list[Message]:
    return [
        m
        for m in fake.messages(channel)
        if m.embeds and m.embeds[0].get("title") == "A year ago today…" and not m.deleted
    ]


async def test_keep_is_the_authors_toggle_and_the_jar_shows_only_this_servers_moments(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        assert "still empty" in (await memories(fake, bob, general)).content
        mine = await done_now(fake, alice, general, f"Sang to my plants, {bob.mention} joined in")
        assert "Only the person" in await press_keep(fake, bob, mine)
        assert "Kept in your memory jar" in await press_keep(fake, alice, mine)
        await fake.settle()
        assert "🫙 Kept" in labels(fake.get_message(mine.id))

        shown = await memories(fake, bob, general)
        [embed] = shown.data["embeds"]
        assert embed["description"] == f"Sang to my plants, {bob.mention} joined in"
        assert alice.mention in repr(embed["fields"])
        assert ":D>" in repr(embed["fields"]), "the date, in each reader's own locale"
        assert shown.data["allowed_mentions"] == {"parse": []}, "nobody is pinged"

        assert "Taken out" in await press_keep(fake, alice, mine)
        await fake.settle()
        assert "🫙 Keep" in labels(fake.get_message(mine.id))
        assert "still empty" in (await memories(fake, bob, general)).content

        lounge = await join_another_server(fake, bot, bob)
        bobs = await done_now(fake, bob, lounge, "Only in the lounge")
        await press_keep(fake, bob, bobs)
        assert "still empty" in (await memories(fake, alice, general)).content, "other server"
        [lounge_embed] = (await memories(fake, bob, lounge)).data["embeds"]
        assert lounge_embed["description"] == "Only in the lounge"
    assert_clean(fake, caplog)


async def keep_three_moments(world: World, bot: Kindred) -> Channel:
    """Alice keeps hers; Bob keeps his, then leaves the server; Ada keeps hers, then takes it
    out of the jar. The thread."""
    fake, general = world.fake, world.general
    post, thread = await post_now(fake, world.alice, general)
    for user, note in ((world.alice, "A year to remember"), (world.bob, "Bob's"),
                       (world.admin, "Ada's")):  # fmt: skip
        assert "Shared in the thread" in await did_it(fake, user, post, note)
    alices, bobs, adas = fake.messages(thread)
    for user, completion in ((world.alice, alices), (world.bob, bobs), (world.admin, adas)):
        await press_keep(fake, user, completion)
    await press_keep(fake, world.admin, adas)
    assert await member_leaves(fake, world.guild, world.bob)
    return thread


async def test_an_anniversary_is_posted_once_across_restarts_and_goes_with_mydata(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(DONE_AT)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await keep_three_moments(world, bot)
    clock.set(A_YEAR_ON_BEFORE_NOON)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await fake.wait_until(lambda: anniversaries(fake, general) or None, 10, "the post")
        await fake.settle()
    [posted] = anniversaries(fake, general)
    assert alice.mention in posted.content and "A year ago today" in posted.content
    assert posted.embeds[0]["description"] == "A year to remember"
    [sent] = [r for r in fake.find_requests(method="POST") if r.body and r.body.get("nonce")
              and "A year ago" in str(r.body.get("content"))]  # fmt: skip
    assert sent.body["allowed_mentions"] == {"parse": []}, "the author is named, not pinged"

    clock.advance(timedelta(minutes=2))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        cog: Any = bot.get_cog("Fun challenges")
        assert await cog.post_anniversaries() == 0, "a second run posts nothing"
        clock.advance(timedelta(days=1))
        assert await cog.post_anniversaries() == 0, "nor does the next day's"
        await fake.settle()
        assert len(anniversaries(fake, general)) == 1, "Bob left, Ada took hers out: nothing"

        exported = await fake.slash(alice, general, "mydata export")
        await exported.response()
        [attachment] = (await exported.followup(0)).attachments
        [listed] = json.loads(attachment.data)["data"]["memory jar"]["anniversary_posts"]
        assert listed["message"] == str(posted.id)

        asked = await fake.slash(alice, general, "mydata delete")
        await asked.response()
        prompt = await asked.message()
        await (await fake.click(alice, prompt, prompt.custom_ids()[0])).response()
        await fake.wait_until(
            lambda: fake.get_message(posted.id) is None or fake.get_message(posted.id).deleted,
            5,
            "the anniversary post to be deleted",
        )
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM challenge_anniversaries") == 0
    assert_clean(fake, caplog)


async def test_an_anniversary_missed_for_days_is_late_but_never_years_late_nor_twice(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    clock = OffsetClock(DONE_AT)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await keep_three_moments(world, bot)
        cog: Any = bot.get_cog("Fun challenges")
        clock.set(A_YEAR_ON_BEFORE_NOON + timedelta(days=4))
        assert await cog.post_anniversaries() == 0, "four days late: never"
        clock.set(A_YEAR_ON_BEFORE_NOON + timedelta(days=3))
        runs = await asyncio.gather(cog.post_anniversaries(), cog.post_anniversaries())
        assert sorted(runs) == [0, 1], "three days late: still, and two runs at once post once"
        await fake.settle()
        assert len(anniversaries(fake, general)) == 1
    assert_clean(fake, caplog)
