"""Check-ins wherever the member is: a member who shares no server with Kindred installs the
app to their account and starts check-ins from the bot's DM; the scheduled DM reaches them (a
bot may DM a user who installed it); `/checkin now` in a private channel between two people
answers only the member who used it, and its buttons work there. Without the install, Discord
offers none of it, and Kindred could not DM them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.fakediscord import CommandUnavailable, Message
from bot.timing.clock import OffsetClock
from cogs.checkins.actions import Choice
from tests.e2e.checkin_support import (
    QUESTION,
    WISH_QUESTION,
    checkin_now,
    current,
    dm_messages,
    press,
    rows,
)
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred

AN_HOUR_BEFORE = datetime(2026, 6, 2, 19, 0, tzinfo=UTC)  # 21:00 in Lisbon is 20:00 UTC
FIRES = datetime(2026, 6, 2, 20, 0, 1, tzinfo=UTC)


async def test_a_member_with_no_shared_server_checks_in_through_a_user_install(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    stranger = fake.add_user("sam")  # in no server Kindred is in
    friend = fake.add_user("robin")
    clock = OffsetClock(AN_HOUR_BEFORE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await bot.tree.sync()  # global commands, as in production
        [checkin] = [c for c in fake.commands_for() if c["name"] == "checkin"]
        assert checkin["integration_types"] == [0, 1]
        assert checkin["contexts"] == [0, 1, 2]
        dm = fake.dm_channel(stranger)
        with pytest.raises(CommandUnavailable):
            await fake.slash(stranger, dm, "checkin start", {"time": "21:00"})

        fake.install_for_user(stranger)
        handle = await fake.slash(
            stranger, dm, "checkin start", {"time": "21:00", "timezone": "Europe/Lisbon"}
        )
        assert "21:00" in ((await handle.response()).content or "")

        clock.set(FIRES)  # however slow the machine, the schedule was saved before 21:00

        def asked() -> list[Message]:
            return [m for m in dm_messages(fake, stranger) if QUESTION in m.content]

        await fake.wait_until(lambda: bool(asked()), 15, "the scheduled check-in DM")
        assert len(asked()) == 1, "the scheduled DM reached a member with no shared server"

        private = fake.add_private_channel(stranger, friend)
        message = await checkin_now(fake, bot, stranger, private)
        assert fake.seen_by(friend, private) == [], "the friend sees nothing of it"
        assert fake.seen_by(stranger, private) != []
        answer = await press(fake, stranger, message, Choice.LOW)
        assert answer.type == 7 and WISH_QUESTION in current(fake, message).content
        assert [r["mood"] for r in await rows(bot, stranger)] == [None, "low"]
    assert_clean(fake, caplog)
