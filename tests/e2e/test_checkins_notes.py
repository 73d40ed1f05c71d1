"""A note's lifetime end to end: sealed at rest, kept through the member's retention, then
forgotten by the daily purge while the mood stays for history."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.client import Kindred
from bot.timing.clock import OffsetClock
from cogs.checkins.actions import Choice
from tests.e2e.checkin_support import checkin_now, press, rows, say, write_note
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, eventually, running_kindred

ANSWERED = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
NEXT_PURGE = datetime(2026, 6, 2, 3, 29, 57, tzinfo=UTC)  # the note has 6½ hours left
PURGE_AFTER = datetime(2026, 6, 3, 3, 29, 57, tzinfo=UTC)  # a day after it expired


async def purged_on(bot: Kindred, day: str) -> bool:
    return bool(
        await bot.db.fetch_one(
            "SELECT 1 FROM occurrences WHERE job_key = 'checkins:purge-notes' "
            "AND occurrence_key = ? AND state = 'sent'",
            (day,),
        )
    )


async def test_an_expired_note_is_purged_and_the_mood_stays(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(ANSWERED)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await say(fake, alice, general, "checkin start", time="23:00", timezone="UTC", retention=1)
        asked = await checkin_now(fake, bot, alice, general)
        await press(fake, alice, asked, Choice.LOW)
        await press(fake, alice, asked, Choice.LISTEN)
        await write_note(fake, alice, asked, "Only for a day.")
        [row] = await rows(bot, alice)
        assert row["note_expires_at"].startswith("2026-06-02T10:00")

    clock.set(NEXT_PURGE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await eventually(lambda: purged_on(bot, "2026-06-02"), "the next purge", 10)
        [row] = await rows(bot, alice)
        assert bot.vault.unseal(row["note_sealed"]) == "Only for a day.", "not expired yet"

    clock.set(PURGE_AFTER)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await eventually(lambda: purged_on(bot, "2026-06-03"), "the purge after expiry", 10)
        [row] = await rows(bot, alice)
        assert (row["note_sealed"], row["note_expires_at"]) == (None, None)
        assert (row["mood"], row["wish"]) == ("low", "listen"), "the mood stays for history"
    assert_clean(fake, caplog)
