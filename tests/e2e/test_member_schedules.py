"""Per-member schedules end to end: each member's daily DM at their own time in their own
zone, exactly once across a restart, held through quiet hours, never without consent.

The probe feature stands in for a per-member feature (check-ins will be one): its
reminders live in its own table and reach the engine as one recurring source.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.fakediscord import Channel, FakeDiscord, User
from bot.timing.clock import OffsetClock
from tests.e2e.harness import World, assert_clean, eventually, running_kindred

START = datetime(2026, 6, 2, 19, 0, tzinfo=UTC)
ALICE_DUE = datetime(2026, 6, 2, 20, 0, tzinfo=UTC)  # 21:00 in London (BST)
BOB_DUE = datetime(2026, 6, 3, 12, 0, tzinfo=UTC)  # 21:00 in Tokyo
BOB_QUIET_END = datetime(2026, 6, 3, 14, 0, tzinfo=UTC)  # 23:00 in Tokyo


async def say(fake: FakeDiscord, user: User, channel: Channel, command: str, **options: Any) -> str:
    handle = await fake.slash(user, channel, command, options)
    response = await handle.response()
    assert response.ok and response.ephemeral, response.content
    return str(response.content)


def dms(fake: FakeDiscord, user: User) -> list[str]:
    return [m.content for m in fake.messages(fake.dm_channel(user))]


def reminder_rows(db_path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT job_key, occurrence_key, state FROM occurrences "
            "WHERE job_key LIKE 'probe-reminder:%' ORDER BY occurrence_key, job_key"
        ).fetchall()
    return [(str(k), str(o), str(s)) for k, o, s in rows]


async def bob_fired(db_path: Path, bob: User) -> bool:
    return (f"probe-reminder:{bob.id}", "2026-06-03", "sent") in reminder_rows(db_path)


async def test_each_member_gets_one_dm_at_their_own_time_across_a_restart(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, ada, general = world.fake, world.alice, world.bob, world.admin, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock) as bot:
        for member in (alice, bob):
            await say(fake, member, general, "probe-dms", on=True)
        await say(
            fake, bob, general, "boundaries set", quiet_hours="20:00-23:00", timezone="Asia/Tokyo"
        )
        said = await say(fake, alice, general, "probe-remind", at="9pm", timezone="Europe/London")
        assert said.endswith(f"first {ALICE_DUE.isoformat()}")
        await say(fake, bob, general, "probe-remind", at="21:00", timezone="Asia/Tokyo")
        # ada never asked for probe DMs: her reminder fires, and delivery refuses it.
        await say(fake, ada, general, "probe-remind", at="21:00", timezone="Europe/London")
        # Three members' schedules, one timer for all of them.
        assert [k for k in bot.scheduler.engine.timer_keys() if "probe-reminder" in k] == [
            "source:probe-reminder"
        ]

        clock.set(ALICE_DUE - timedelta(seconds=1))
        await fake.wait_until(lambda: len(dms(fake, alice)) >= 1, 10, "alice's reminder")
        await fake.settle()
        assert dms(fake, alice) == ["Your probe reminder for 2026-06-02"]
        assert dms(fake, bob) == [] and dms(fake, ada) == []

    # Down for a moment and back the same evening: nothing is sent twice.
    clock.set(ALICE_DUE + timedelta(minutes=5))
    async with running_kindred(world, db_path, clock=clock):
        await fake.settle()
        assert dms(fake, alice) == ["Your probe reminder for 2026-06-02"]

        clock.set(BOB_DUE + timedelta(seconds=2))  # 21:00 in Tokyo, inside bob's quiet hours
        await eventually(
            lambda: bob_fired(db_path, bob), "bob's reminder handed to delivery", timeout=10
        )
        await fake.settle()
        assert dms(fake, bob) == [], "held through quiet hours"
        clock.set(BOB_QUIET_END - timedelta(seconds=1))
        await fake.wait_until(lambda: len(dms(fake, bob)) >= 1, 10, "bob's reminder")
        await fake.settle()
    assert dms(fake, bob) == ["Your probe reminder for 2026-06-03"]
    assert dms(fake, alice) == ["Your probe reminder for 2026-06-02"]
    assert dms(fake, ada) == []
    assert reminder_rows(db_path) == [
        (f"probe-reminder:{ada.id}", "2026-06-02", "sent"),
        (f"probe-reminder:{alice.id}", "2026-06-02", "sent"),
        (f"probe-reminder:{bob.id}", "2026-06-03", "sent"),
    ]
    assert_clean(fake, caplog)
