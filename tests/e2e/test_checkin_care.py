"""Care, not alarms, end to end: after three very low moods within seven days the member's own
reply gently suggests talking to someone, with where to find help in their locale and the line
that Kindred is not an emergency service; once per hard stretch, never with fewer, and never a
message to anyone else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.client import Kindred
from bot.fakediscord import Channel, FakeDiscord, Message, User
from bot.timing.clock import OffsetClock
from cogs.checkins.actions import Choice
from cogs.checkins.moods import Mood, Wish
from tests.e2e.checkin_buddy_support import answered, befriend, labels
from tests.e2e.checkin_support import checkin_now
from tests.e2e.checkin_support import press as flow_press
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred

START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
NOT_EMERGENCY = "Kindred is not an emergency service."
SUGGESTION = "talk with someone you trust"
POSTS = "/channels/{channel_id}/messages"


async def very_low(
    fake: FakeDiscord, bot: Kindred, user: User, where: Channel | None = None
) -> Message:
    """A very low check-in, answered to the end; its message as the reply left it."""
    _, reply = await answered(fake, bot, user, Mood.VERY_LOW, Wish.LISTEN, None, where)
    return reply


async def test_three_very_low_moods_in_a_week_bring_one_suggestion_to_the_member_alone(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await befriend(fake, alice, bob, general)
        posts_before = len(fake.find_requests(method="POST", route=POSTS))
        for day in (0, 2):
            clock.set(START + timedelta(days=day))
            said = (await very_low(fake, bot, alice)).content
            assert NOT_EMERGENCY not in said
            assert SUGGESTION not in said
        clock.set(START + timedelta(days=6, hours=23))
        reply = await very_low(fake, bot, alice)
        said = reply.content
        assert SUGGESTION in said
        assert "988" in said, "alice's client speaks en-US"
        assert "findahelpline.com/countries/us" in said
        assert said.rstrip().endswith("please call 911.")
        assert NOT_EMERGENCY in said
        assert labels(reply) == ["Share with bob?"], "sharing is still only offered"

        clock.set(START + timedelta(days=7, hours=1))
        assert SUGGESTION not in (await very_low(fake, bot, alice)).content, "once a stretch"
        offered = "SELECT COUNT(*) FROM checkins WHERE care_offered = 1"
        assert await bot.db.fetch_value(offered) == 1

        assert fake.messages(fake.dm_channel(bob)) == [], "nobody else is told anything"
        assert len(fake.find_requests(method="POST", route=POSTS)) == posts_before
    assert_clean(fake, caplog)


async def test_two_very_low_moods_low_ones_and_a_pass_bring_no_suggestion(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        said = [(await very_low(fake, bot, alice, general)).content]
        for day in (1, 2, 3):
            clock.set(START + timedelta(days=day))
            _, reply = await answered(fake, bot, alice, Mood.LOW, Wish.SPACE, None, general)
            said.append(reply.content)
        asked = await checkin_now(fake, bot, alice, general)
        await flow_press(fake, alice, asked, Choice.PASS)
        clock.set(START + timedelta(days=7, minutes=1))  # the first fell out of the week
        said.append((await very_low(fake, bot, alice, general)).content)
        clock.set(START + timedelta(days=8))
        said.append((await very_low(fake, bot, alice, general)).content)
        assert [s for s in said if NOT_EMERGENCY in s or SUGGESTION in s] == []
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM checkins WHERE care_offered = 1") == 0
    assert_clean(fake, caplog)


@pytest.mark.parametrize(
    ("locale", "expected", "never"),
    [("en-GB", "Samaritans", "988"), ("fr", "local emergency number", "Samaritans")],
)
async def test_the_suggestion_speaks_the_members_own_locale(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture,
    locale: str, expected: str, never: str,
) -> None:  # fmt: skip
    fake, general = world.fake, world.general
    dana = fake.add_user("dana", locale=locale)
    fake.add_member(world.guild, dana)
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        for hours in (0, 5, 30):
            clock.set(START + timedelta(hours=hours))
            said = (await very_low(fake, bot, dana, general)).content
        assert expected in said
        assert never not in said
        assert "findahelpline.com" in said
        assert NOT_EMERGENCY in said
    assert_clean(fake, caplog)
