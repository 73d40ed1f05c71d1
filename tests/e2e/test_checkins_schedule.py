"""Scheduled check-ins end to end: one DM at the member's local time, exactly once across a
restart, its buttons working after one; held by quiet hours, dropped (never piled up) by a
pause, stopped by closed DMs, and never refused by the weekly DM limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.client import Kindred
from bot.app.content import content_root
from bot.fakediscord import FakeDiscord, User
from bot.timing.clock import OffsetClock
from cogs.checkins.actions import Choice
from cogs.checkins.content import CheckinContent
from cogs.checkins.moods import Mood, Wish
from tests.e2e.checkin_support import (
    ELSEWHERE,
    QUESTION,
    WISH_QUESTION,
    checkin_id_of,
    checkin_now,
    current,
    dm_messages,
    fired,
    forge,
    press,
    rows,
    rows_at,
    say,
    write_note,
)
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, eventually, running_kindred

CONTENT = CheckinContent.from_data_dir(content_root())
# 21:00 in Lisbon (summer time) is 20:00 UTC.
# A minute ahead, so a slow machine still saves the schedule before it fires; the tests move
# the clock to the fire themselves.
JUST_BEFORE = datetime(2026, 6, 2, 19, 59, 0, tzinfo=UTC)
FIRES = datetime(2026, 6, 2, 20, 0, tzinfo=UTC)
LISBON = {"time": "21:00", "timezone": "Europe/Lisbon"}


async def arrived(fake: FakeDiscord, user: User, count: int) -> None:
    await fake.wait_until(
        lambda: len(dm_messages(fake, user)) >= count, 15, f"{count} check-in DM(s)"
    )
    await fake.settle()


async def held(bot: Kindred, user: User) -> bool:
    """A check-in letter waits in delivery's queue for the member."""
    return bool(
        await bot.db.fetch_one(
            "SELECT 1 FROM deliveries WHERE user_id = ? AND kind = 'checkin' AND state = 'waiting'",
            (user.id,),
        )
    )


def dm_posts(fake: FakeDiscord, user: User) -> int:
    """Attempts to post in the member's DM (sent or refused)."""
    channel = fake.dm_channel(user)
    return sum(
        1
        for request in fake.find_requests(method="POST", route="/channels/{channel_id}/messages")
        if str(channel.id) in request.path
    )


async def test_the_dm_comes_at_local_time_once_across_a_restart_and_its_buttons_still_work(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(JUST_BEFORE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await say(fake, alice, general, "checkin start", **LISBON)
        await fake.settle()
        assert dm_messages(fake, alice) == [], "not before 21:00 in Lisbon"
        clock.set(FIRES)
        await arrived(fake, alice, 1)
        [dm] = dm_messages(fake, alice)
        assert QUESTION in dm.content
        assert [b.get("label") for row in dm.components for b in row["components"]] == [
            "Very low",
            "Low",
            "Okay",
            "Good",
            "Very good",
            "Pass",
        ]

    clock.set(FIRES + timedelta(minutes=5))  # down and up again the same evening
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await bot.tree.sync()  # global, as in production: the bot's DM needs it
        await fake.settle()
        assert await fired(bot, alice, "2026-06-02")
        assert len(dm_messages(fake, alice)) == 1, "one DM per occurrence, restart or not"
        assert len(await rows(bot, alice)) == 1
        again = await checkin_now(fake, bot, alice, fake.dm_channel(alice))
        forge(current(fake, again), checkin_id_of(dm))  # the DM's check-in, claimed elsewhere
        elsewhere = await press(fake, alice, again, Choice.VERY_GOOD)
        assert elsewhere.ephemeral and ELSEWHERE in elsewhere.content
        moved = await press(fake, alice, dm, Choice.VERY_LOW)
        assert moved.type == 7 and WISH_QUESTION in current(fake, dm).content
        await press(fake, alice, dm, Choice.LISTEN)
        await write_note(fake, alice, dm, "Long day.")
        final = current(fake, dm).content
        assert final.startswith(CONTENT.reply(Mood.VERY_LOW, Wish.LISTEN))
        row, _ = await rows(bot, alice)
        assert row["message_id"] == dm.id, "the DM is remembered as the check-in's message"
        assert row["mood"] == "very_low"
    assert_clean(fake, caplog)


async def test_quiet_hours_hold_the_checkin_until_they_end(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(JUST_BEFORE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await say(
            fake,
            alice,
            general,
            "boundaries set",
            quiet_hours="20:30-07:00",
            timezone="Europe/Lisbon",
        )
        await say(fake, alice, general, "checkin start", **LISBON)
        clock.set(FIRES + timedelta(seconds=3))
        await eventually(lambda: held(bot, alice), "the check-in held for the morning")
        await fake.settle()
        assert dm_messages(fake, alice) == [], "held: 21:00 is in her quiet hours"

    clock.set(datetime(2026, 6, 3, 5, 59, 57, tzinfo=UTC))  # 06:59:57 in Lisbon
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await fake.settle()
        assert dm_messages(fake, alice) == []
        await arrived(fake, alice, 1)
        assert QUESTION in dm_messages(fake, alice)[0].content
        assert len(await rows(bot, alice)) == 1
    assert_clean(fake, caplog)


async def test_a_pause_drops_the_checkins_it_holds_instead_of_piling_them_up(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(JUST_BEFORE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await say(fake, alice, general, "checkin start", **LISBON)
        await say(fake, alice, general, "boundaries pause", days=2)
        clock.set(FIRES + timedelta(seconds=3))
        await eventually(lambda: fired(bot, alice, "2026-06-02"), "the 2nd's check-in")
        await fake.settle()
        assert dm_messages(fake, alice) == []
        assert await rows(bot, alice) == [], "dropped at once: the pause outlasts it"
        assert not await held(bot, alice), "nothing left waiting to pile up"

    # The pause ends on the evening of the 4th, a few seconds before that day's check-in.
    clock.set(datetime(2026, 6, 4, 19, 59, 58, tzinfo=UTC))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await arrived(fake, alice, 1)
        await fake.settle()
        assert len(dm_messages(fake, alice)) == 1, "the 2nd's and 3rd's were dropped, not sent"
        [row] = await rows(bot, alice)
        assert row["occurrence_key"] == "2026-06-04"
    assert_clean(fake, caplog)


async def test_closed_dms_are_tried_once_and_the_member_is_told_next_time(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(JUST_BEFORE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await say(fake, alice, general, "checkin start", **LISBON)
        alice.dms_closed = True
        clock.set(FIRES)
        await fake.wait_until(lambda: dm_posts(fake, alice) >= 1, 15, "the refused DM")
        clock.set(FIRES + timedelta(days=1) - timedelta(seconds=2))
        await eventually(lambda: fired(bot, alice, "2026-06-03"), "the 3rd's check-in", 10)
        await fake.settle()
        assert dm_posts(fake, alice) == 1, "a closed door is not knocked on again"
        asked = [row["occurrence_key"] for row in await rows(bot, alice)]
        assert asked == ["2026-06-02"], "the next one was never asked: no row, no gap"

        handle = await fake.slash(alice, general, "checkin now")
        await handle.response()
        notice = await handle.followup(0)
        assert notice.ephemeral and "your DMs are closed" in notice.content
    [schedule] = await rows_at(db_path, "SELECT * FROM checkin_schedules")
    assert schedule["paused"] == 0, "her schedule is kept for when she opens her DMs"
    assert_clean(fake, caplog)


async def test_a_self_scheduled_checkin_is_never_refused_by_the_weekly_limit(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(JUST_BEFORE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await say(fake, alice, general, "boundaries set", max_dms_per_week=0)
        await say(fake, alice, general, "checkin start", **LISBON)
        clock.set(FIRES)
        await arrived(fake, alice, 1)
        clock.set(FIRES + timedelta(days=1) - timedelta(seconds=2))
        await arrived(fake, alice, 2)
    assert len(dm_messages(fake, alice)) == 2
    assert_clean(fake, caplog)
