"""A server that removes Kindred keeps its data for 30 days, then loses it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.client import Kindred
from bot.timing.clock import OffsetClock
from tests.e2e.harness import World, assert_clean, eventually, running_kindred

START = datetime(2026, 6, 2, 12, 0, tzinfo=UTC)


async def shares_in(bot: Kindred, guild_id: int) -> list[int]:
    rows = await bot.db.fetch_all(
        "SELECT user_id FROM member_card_shares WHERE guild_id = ?", (guild_id,)
    )
    return [int(r[0]) for r in rows]


async def left_at(bot: Kindred, guild_id: int) -> str | None:
    row = await bot.db.fetch_one(
        "SELECT left_at FROM guild_presence WHERE guild_id = ?", (guild_id,)
    )
    assert row is not None, "every server Kindred is in is known"
    return None if row["left_at"] is None else str(row["left_at"])


async def test_server_data_is_kept_30_days_after_removal_and_a_return_keeps_it(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob = world.fake, world.alice, world.bob
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock) as bot:
        elsewhere = fake.add_guild("Elsewhere", owner=alice, channels=("lounge",))
        fake.add_member(elsewhere, bob)
        lounge = fake.channel(elsewhere, "lounge")

        async def joined() -> bool:
            return bot.get_guild(elsewhere.id) is not None

        await eventually(joined, "Kindred to join Elsewhere")
        handle = await fake.slash(
            alice, lounge, "boundaries card", {"text": "Books, yes. Exams, no.", "shared": True}
        )
        assert (await handle.response()).ok
        assert await shares_in(bot, elsewhere.id) == [alice.id]

        fake.remove_bot(elsewhere)
        await eventually(lambda: _is_left(bot, elsewhere.id), "the removal to be noted")
        clock.advance(timedelta(days=10))
        fake.readd_bot(elsewhere)
        await eventually(lambda: _is_present(bot, elsewhere.id), "the return to be noted")
        clock.advance(timedelta(days=31))
        await bot.retention.run()
        assert await shares_in(bot, elsewhere.id) == [alice.id], "a return within 30 days keeps it"

    fake.remove_bot(elsewhere)  # while Kindred is down: noticed when it connects again
    async with running_kindred(world, db_path, clock=clock) as bot:
        await eventually(lambda: _is_left(bot, elsewhere.id), "the offline removal to be noted")
        clock.advance(timedelta(days=29))
        await bot.retention.run()
        assert await shares_in(bot, elsewhere.id) == [alice.id], "29 days: still kept"
        clock.advance(timedelta(days=2))
        await bot.retention.run()
        assert await shares_in(bot, elsewhere.id) == [], "31 days: purged"
        mine = await bot.members.get(alice.id)
        assert mine.card == "Books, yes. Exams, no.", "a member's own boundaries are not a server's"
        gone = await bot.db.fetch_one(
            "SELECT 1 FROM guild_presence WHERE guild_id = ?", (elsewhere.id,)
        )
        assert gone is None
    assert_clean(fake, caplog)


async def _is_left(bot: Kindred, guild_id: int) -> bool:
    row = await bot.db.fetch_one(
        "SELECT left_at FROM guild_presence WHERE guild_id = ?", (guild_id,)
    )
    return row is not None and row["left_at"] is not None


async def _is_present(bot: Kindred, guild_id: int) -> bool:
    return await left_at(bot, guild_id) is None
