"""/checkin history, /checkin start's refusals and /mydata, end to end: the chart privately
with its numbers in words and gaps as gaps, bad input saving nothing, and a member's
check-ins exported (notes opened) and deleted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.timing.clock import OffsetClock
from cogs.checkins.actions import Choice
from tests.e2e.checkin_support import (
    answer_fully,
    checkin_now,
    delete_my_data,
    export_of,
    press,
    rows,
    rows_at,
    say,
    write_note,
)
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred

DAY_ONE = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n"


async def test_history_sends_the_chart_privately_with_the_numbers_and_gaps_as_gaps(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(DAY_ONE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await answer_fully(
            fake, alice, await checkin_now(fake, bot, alice, general), Choice.LOW, Choice.LISTEN
        )
        clock.set(DAY_ONE + timedelta(days=2))
        await answer_fully(
            fake,
            alice,
            await checkin_now(fake, bot, alice, general),
            Choice.VERY_GOOD,
            Choice.COMPANY,
        )
        clock.set(DAY_ONE + timedelta(days=3))
        await press(fake, alice, await checkin_now(fake, bot, alice, general), Choice.PASS)
        clock.set(DAY_ONE + timedelta(days=4))
        await checkin_now(fake, bot, alice, general)  # asked, never answered

        handle = await fake.slash(alice, general, "checkin history", {"days": 7})
        await handle.response()
        shown = await handle.followup(0)
        assert shown.ephemeral, "a member's moods are only for them"
        [chart] = shown.attachments
        assert chart.filename == "moods.png" and chart.data.startswith(PNG)
        lines = [line for line in shown.content.splitlines() if line.startswith("2026-")]
        assert (
            lines
            == [
                "2026-05-29: no mood",
                "2026-05-30: no mood",
                "2026-05-31: no mood",
                "2026-06-01: 2 (Low)",
                "2026-06-02: no mood",
                "2026-06-03: 5 (Very good)",
                "2026-06-04: no mood",
                "2026-06-05: no mood",
            ][-7:]
        ), "a Pass and an unanswered check-in are gaps, never a value"

        dm = fake.dm_channel(alice)
        handle = await fake.slash(alice, dm, "checkin history")
        await handle.response()
        in_dm = await handle.followup(0)
        assert not in_dm.ephemeral and len(in_dm.attachments) == 1
        assert sum(1 for line in in_dm.content.splitlines() if line.startswith("20")) == 30
    assert_clean(fake, caplog)


async def test_history_with_no_moods_is_a_kind_word_and_bad_days_are_refused(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        none = await say(fake, alice, general, "checkin history")
        assert "No check-ins yet" in none.content
        for days in (6, 61):
            refused = await say(fake, alice, general, "checkin history", days=days)
            assert "7 to 60 days" in refused.content
    assert_clean(fake, caplog)


@pytest.mark.parametrize(
    ("options", "told"),
    [
        ({"time": "25:99", "timezone": "Europe/Lisbon"}, "time"),
        ({"time": "21:00", "timezone": "Mars/Olympus_Mons"}, "zone"),
        ({"time": "21:00", "timezone": "Europe/Lisbon", "days": "funday"}, "day"),
        ({"time": "21:00", "timezone": "Europe/Lisbon", "retention": 0}, "1 to 365"),
        ({"time": "21:00", "timezone": "Europe/Lisbon", "retention": 366}, "1 to 365"),
    ],
)
async def test_start_with_bad_input_is_told_privately_and_saves_nothing(
    world: World,
    db_path: Path,
    caplog: pytest.LogCaptureFixture,
    options: dict[str, Any],
    told: str,
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        refused = await say(fake, alice, general, "checkin start", **options)
        assert told in refused.content.lower()
    assert await rows_at(db_path, "SELECT * FROM checkin_schedules") == []
    assert await rows_at(db_path, "SELECT * FROM dm_consents WHERE kind = 'checkin'") == []
    assert_clean(fake, caplog)


async def test_pause_resume_and_stop_answer_privately_and_refuse_what_makes_no_sense(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        for command in ("checkin pause", "checkin resume", "checkin stop"):
            nothing = await say(fake, alice, general, command)
            assert "You don't have check-ins scheduled" in nothing.content
        started = await say(
            fake,
            alice,
            general,
            "checkin start",
            time="21:00",
            timezone="Europe/Lisbon",
            days="mon,wed",
            retention=30,
        )
        assert "at 21:00 (Europe/Lisbon)" in started.content and "30 days" in started.content
        for days in (0, 91):
            refused = await say(fake, alice, general, "checkin pause", days=days)
            assert "1 to 90 days" in refused.content
        [schedule] = await rows_at(db_path, "SELECT * FROM checkin_schedules")
        assert (schedule["paused"], schedule["paused_until"]) == (0, None)
        assert "paused until" in (await say(fake, alice, general, "checkin pause", days=3)).content
        assert "Welcome back" in (await say(fake, alice, general, "checkin resume")).content
        assert "stopped" in (await say(fake, alice, general, "checkin stop")).content
    assert await rows_at(db_path, "SELECT * FROM checkin_schedules") == []
    assert await rows_at(db_path, "SELECT * FROM dm_consents WHERE kind = 'checkin'") == []
    assert_clean(fake, caplog)


async def test_mydata_exports_checkins_with_notes_opened_and_delete_removes_them(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await say(fake, alice, general, "checkin start", time="21:00", timezone="Asia/Tokyo")
        asked = await checkin_now(fake, bot, alice, general)
        await press(fake, alice, asked, Choice.OKAY)
        await press(fake, alice, asked, Choice.SPACE)
        await write_note(fake, alice, asked, "Quiet day, needed it.")
        await answer_fully(
            fake, bob, await checkin_now(fake, bot, bob, general), Choice.GOOD, Choice.LISTEN
        )

        exported = (await export_of(fake, alice, general))["data"]["private check-ins"]
        assert exported["schedule"]["timezone"] == "Asia/Tokyo"
        [mine] = exported["checkins"]
        assert (mine["mood"], mine["wish"], mine["note"]) == (
            "okay",
            "space",
            "Quiet day, needed it.",
        )

        await delete_my_data(fake, alice, general)
        assert await rows(bot, alice) == []
        assert len(await rows(bot, bob)) == 1, "only her own check-ins go"
    assert await rows_at(db_path, "SELECT * FROM checkin_schedules") == []
    assert_clean(fake, caplog)
