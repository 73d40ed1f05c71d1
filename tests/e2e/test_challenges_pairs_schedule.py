"""Scheduled buddy rounds end to end through the fake Discord: a round happens exactly once
across restarts (and a round saved before a crash is finished, not made again), a
fortnightly schedule rests every second week, pause and resume (no catch-up), a channel
Discord refuses pauses the rounds and tells the admins, and a round with nobody saves
nothing while a lone member is told kindly."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.timing.clock import OffsetClock
from cogs.challenges.repository.pairs import NewGroup
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, eventually, running_kindred
from tests.e2e.pairs_support import (
    BEFORE_SIX,
    WEEKLY_AT_SIX,
    count,
    groups_of_round,
    join,
    private_threads,
    status,
    thread,
)
from tests.e2e.questions_support import run


async def test_a_scheduled_round_happens_exactly_once_across_restarts(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    clock = OffsetClock(BEFORE_SIX - timedelta(minutes=30))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        for user in (world.alice, world.bob):
            await join(fake, user, general)
        await run(fake, ada, general, "challenge pairs schedule", channel=general, **WEEKLY_AT_SIX)
    clock.set(BEFORE_SIX)  # the schedule comes back from the database after a restart
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await fake.wait_until(lambda: len(private_threads(fake)) == 1, 10, "the round's thread")
        [made] = private_threads(fake)
        await fake.wait_until(lambda: len(fake.messages(made)) == 1, 5, "the activity")
        [group] = await groups_of_round(bot)
        assert group.members == {world.alice.id, world.bob.id}
        assert set(fake.thread_members(made)) == group.members | {fake.bot_user.id}
    clock.advance(timedelta(minutes=5))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await asyncio.sleep(0.5)
        assert await count(bot.db, "SELECT COUNT(*) FROM pair_rounds") == 1
        state = await bot.db.fetch_value(
            "SELECT state FROM occurrences WHERE job_key LIKE 'pairs:%'"
        )
        assert state == "sent"
    assert len(private_threads(fake)) == 1
    assert len(fake.messages(made)) == 1
    assert_clean(fake, caplog)


async def test_a_round_saved_before_a_crash_is_finished_not_made_again(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Killed after the round was saved, before its thread: the retry of the same
    occurrence makes the missing thread for the same group, and pairs nobody twice."""
    fake, ada, general = world.fake, world.admin, world.general
    clock = OffsetClock(BEFORE_SIX - timedelta(minutes=30))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        for user in (world.alice, world.bob):
            await join(fake, user, general)
        await run(fake, ada, general, "challenge pairs schedule", channel=general, **WEEKLY_AT_SIX)
        cog = bot.get_cog("Fun challenges")
        await cog.pair_store.create_round(  # type: ignore[union-attr]
            world.guild.id, general.id, "2026-06-02", [_group(world)], ()
        )
    clock.set(BEFORE_SIX)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await fake.wait_until(lambda: len(private_threads(fake)) == 1, 10, "the missing thread")
        await asyncio.sleep(0.5)
        assert await count(bot.db, "SELECT COUNT(*) FROM pair_rounds") == 1
        [group] = await groups_of_round(bot)
        assert group.activity_id == "pair-001", "the saved group, not a new pairing"
    assert_clean(fake, caplog)


def _group(world: World) -> NewGroup:
    return NewGroup((world.alice.id, world.bob.id), "pair-001", "Say hello.")


async def test_a_fortnightly_schedule_rests_every_second_week(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    clock = OffsetClock(BEFORE_SIX - timedelta(minutes=30))
    fortnightly = {**WEEKLY_AT_SIX, "cadence": "fortnightly"}
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        for user in (world.alice, world.bob):
            await join(fake, user, general)
        saved = await run(
            fake, world.admin, general, "challenge pairs schedule", channel=general, **fortnightly
        )
        assert "every second week" in saved.content
        for week, expected in ((0, 1), (1, 1), (2, 2)):
            clock.set(BEFORE_SIX + timedelta(weeks=week))
            key = (BEFORE_SIX + timedelta(weeks=week)).date().isoformat()

            async def done(key: str = key) -> bool:
                state = await bot.db.fetch_value(
                    "SELECT state FROM occurrences WHERE job_key LIKE 'pairs:%' "
                    "AND occurrence_key = ?",
                    (key,),
                )
                return state == "sent"

            await eventually(done, f"the occurrence of {key}", timeout=10)
            assert await count(bot.db, "SELECT COUNT(*) FROM pair_rounds") == expected, key
            for group in await groups_of_round(bot):  # keep talking: nobody rests for silence
                for user in (world.alice, world.bob):
                    await fake.send_message(user, thread(fake, group.thread_id), "hi")
    assert_clean(fake, caplog)


async def test_pause_skips_rounds_resume_does_not_catch_up_and_a_lost_channel_pauses(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_SIX - timedelta(minutes=30))
    rounds = "SELECT COUNT(*) FROM pair_rounds"
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        for user in (world.alice, world.bob):
            await join(fake, user, general)
        await run(fake, ada, general, "challenge pairs schedule", channel=daily, **WEEKLY_AT_SIX)
        job = f"pairs:{world.guild.id}"
        assert "are paused" in (await run(fake, ada, general, "challenge pairs pause")).content
        assert "already paused" in (await run(fake, ada, general, "challenge pairs pause")).content
        assert job not in bot.scheduler.job_keys
        assert "paused here for now" in (await status(fake, world.alice, general)).content
        clock.set(BEFORE_SIX + timedelta(seconds=10))  # 18:00 passes while paused
        await asyncio.sleep(0.5)
        assert await count(bot.db, rounds) == 0

        resumed = await run(fake, ada, general, "challenge pairs resume")
        assert "back on" in resumed.content and job in bot.scheduler.job_keys
        next_week = int(datetime(2026, 6, 9, 17, tzinfo=UTC).timestamp())
        assert f"<t:{next_week}:F>" in resumed.content, "today's round is not caught up"
        await asyncio.sleep(0.5)
        assert await count(bot.db, rounds) == 0
        assert (
            "nothing to resume" in (await run(fake, ada, general, "challenge pairs resume")).content
        )

        fake.delete_channel(daily)
        clock.set(BEFORE_SIX + timedelta(weeks=1))

        async def paused() -> bool:
            return bool(await bot.db.fetch_value("SELECT paused FROM pair_schedules"))

        await eventually(paused, "the schedule to pause itself", timeout=10)
        assert job not in bot.scheduler.job_keys
        handle = await fake.slash(ada, general, "challenge pairs status")
        await handle.response()
        notice = await handle.followup(0)
        assert notice.ephemeral and "buddy pairings" in notice.content
    assert_clean(fake, caplog)


async def test_a_scheduled_round_saves_nothing_for_nobody_and_tells_a_lone_member(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    clock = OffsetClock(BEFORE_SIX - timedelta(minutes=30))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await run(
            fake, world.admin, general, "challenge pairs schedule", channel=general, **WEEKLY_AT_SIX
        )
        for week, joined in ((0, False), (1, True)):
            if joined:
                await join(fake, world.alice, general)
            clock.set(BEFORE_SIX + timedelta(weeks=week))
            key = (BEFORE_SIX + timedelta(weeks=week)).date().isoformat()

            async def done(key: str = key) -> bool:
                state = await bot.db.fetch_value(
                    "SELECT state FROM occurrences WHERE job_key LIKE 'pairs:%' "
                    "AND occurrence_key = ?",
                    (key,),
                )
                return state == "sent"

            await eventually(done, f"the occurrence of {key}", timeout=10)
            assert await count(bot.db, "SELECT COUNT(*) FROM pair_rounds") == week
        assert await groups_of_round(bot) == []
        assert private_threads(fake) == []
        shown = await status(fake, world.alice, general)
        assert "nobody free to pair you with" in shown.content
    assert_clean(fake, caplog)
