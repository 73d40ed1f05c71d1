"""Buddy rounds over time, end to end through the fake Discord: a scheduled round happens
exactly once across restarts, three silent rounds bring the Stay / Leave question that only
its member can answer (old and foreign presses refused), a member who left the server is
out, and /mydata exports and deletes a member's pairings."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.client import Kindred
from bot.fakediscord import Channel, FakeDiscord, Message, User
from bot.fakediscord.permissions import READ_MESSAGE_HISTORY
from bot.fakediscord.state import DEFAULT_BOT_PERMISSIONS
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from cogs.challenges.repository.pairs import NewGroup
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, eventually, running_kindred
from tests.e2e.pairs_support import (
    LEAVE,
    PRIVATE_THREAD,
    STAY,
    groups_of_round,
    join,
    more_members,
    pair_now,
    partners,
    status,
    thread,
)
from tests.e2e.questions_support import button, run

# Tuesday 2 June 2026: 18:00 in London (BST) is 17:00 UTC.
BEFORE_SIX = datetime(2026, 6, 2, 16, 59, 57, tzinfo=UTC)
SCHEDULE = {"cadence": "weekly", "day": 1, "time": "18:00", "timezone": "Europe/London"}
ELSEWHERE = "doesn't belong to anything here"


def private_threads(fake: FakeDiscord) -> list[Channel]:
    return [c for c in fake.world.channels.values() if c.type == PRIVATE_THREAD]


async def count(db: Database, sql: str) -> int:
    return int(await db.fetch_value(sql) or 0)


async def test_a_scheduled_round_happens_exactly_once_across_restarts(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    clock = OffsetClock(BEFORE_SIX - timedelta(minutes=30))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        for user in (world.alice, world.bob):
            await join(fake, user, general)
        await run(fake, ada, general, "challenge pairs schedule", channel=general, **SCHEDULE)
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
        await run(fake, ada, general, "challenge pairs schedule", channel=general, **SCHEDULE)
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


def ask_in(fake: FakeDiscord, thread_id: int, member: User) -> Message:
    return next(
        m
        for m in fake.messages(thread(fake, thread_id))
        if m.custom_ids() and f"<@{member.id}>" in m.content
    )


async def speak_and_pair(
    fake: FakeDiscord, bot: Kindred, world: World, talkers: set[int], everyone: list[User]
) -> str:
    """A round now, then a word in each thread from the members in ``talkers``."""
    said = await pair_now(fake, world.admin, world.general)
    for group in await groups_of_round(bot):
        for user in everyone:
            if user.id in group.members and user.id in talkers:
                await fake.send_message(user, thread(fake, group.thread_id), "hello buddy")
    return said


async def test_three_silent_rounds_bring_a_question_only_the_member_can_answer(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    alice, bob = world.alice, world.bob
    carol, dan = more_members(world, "carol", "dan")
    everyone = [alice, bob, carol, dan]
    talkers = {alice.id, dan.id}  # bob and carol never say a word
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for user in everyone:
            await join(fake, user, general)
        for _ in range(3):
            assert "2 group(s)" in await speak_and_pair(fake, bot, world, talkers, everyone)
        third = await groups_of_round(bot)
        asked_none = await count(bot.db, "SELECT COUNT(*) FROM pair_asks")
        assert asked_none == 0, "two silent rounds are fine"

        fourth = await speak_and_pair(fake, bot, world, talkers, everyone)
        assert "1 group(s)" in fourth, "bob and carol rest until they answer"
        assert {m for g in await groups_of_round(bot) for m in g.members} == talkers
        bobs = ask_in(fake, next(g.thread_id for g in third if bob.id in g.members), bob)
        carols = ask_in(fake, next(g.thread_id for g in third if carol.id in g.members), carol)
        assert "stay" in bobs.content.lower()
        assert "question waiting" not in (await status(fake, alice, general)).content
        assert "question waiting" in (await status(fake, bob, general)).content

        if carol.id in next(g.members for g in third if bob.id in g.members):
            other = await fake.click(carol, bobs, button(bobs, STAY))
            assert "for someone else" in (await other.response()).content
        other = await fake.click(world.admin, bobs, button(bobs, LEAVE))
        assert "for someone else" in (await other.response()).content, "even an admin"

        stayed = await fake.click(bob, bobs, button(bobs, STAY))
        response = await stayed.response()
        assert response.ephemeral and "staying" in response.content
        again = await fake.click(bob, bobs, button(bobs, LEAVE))
        assert "already answered" in (await again.response()).content, "an old press"
        assert "question waiting" not in (await status(fake, bob, general)).content

        carol_ask = int(button(carols, LEAVE).rsplit(":", 1)[1])
        real_thread = await bot.db.fetch_value(
            "SELECT thread_id FROM pair_asks WHERE id = ?", (carol_ask,)
        )
        await bot.db.execute(  # the question now claims to live in another thread
            "UPDATE pair_asks SET thread_id = ? WHERE id = ?", (general.id, carol_ask)
        )
        foreign = await fake.click(carol, carols, button(carols, LEAVE))
        assert ELSEWHERE in (await foreign.response()).content
        await bot.db.execute(
            "UPDATE pair_asks SET thread_id = ? WHERE id = ?", (real_thread, carol_ask)
        )
        both = await asyncio.gather(  # two presses at once answer once
            fake.click(carol, carols, button(carols, LEAVE)),
            fake.click(carol, carols, button(carols, STAY)),
        )
        answers = sorted([str((await h.response()).content) for h in both])
        assert sum("already answered" in a for a in answers) == 1, answers
        assert await count(bot.db, "SELECT COUNT(*) FROM pair_asks WHERE answer IS NULL") == 0
        if any("staying" in a for a in answers):  # the Stay won the race: leave by command
            await run(fake, carol, general, "challenge pairs leave")
        assert "aren't in" in (await status(fake, carol, general)).content

        assert "1 group(s)" in await speak_and_pair(fake, bot, world, talkers, everyone)
        fifth = {m for g in await groups_of_round(bot) for m in g.members}
        assert fifth == {alice.id, bob.id, dan.id}, "bob is back, carol is out"
    assert_clean(fake, caplog)


async def test_a_member_who_left_the_server_is_out_of_pairings(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    [carol] = more_members(world, "carol")
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for user in (world.alice, world.bob, carol):
            await join(fake, user, general)
        del world.guild.members[carol.id]  # Kindred is not told (no GUILD_MEMBERS intent)
        assert "1 group(s)" in await pair_now(fake, world.admin, general)
        [group] = await groups_of_round(bot)
        assert group.members == {world.alice.id, world.bob.id}
        assert await count(bot.db, "SELECT COUNT(*) FROM pair_members") == 2
    assert_clean(fake, caplog)


async def test_mydata_exports_my_pairings_without_my_partners_and_deletes_them(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for user in (alice, bob):
            await join(fake, user, general)
        await pair_now(fake, world.admin, general)
        [group] = await groups_of_round(bot)
        assert partners([group]) == {frozenset({alice.id, bob.id})}

        exported = await fake.slash(alice, general, "mydata export")
        await exported.response()
        [attachment] = (await exported.followup(0)).attachments
        mine = json.loads(attachment.data)["data"]["buddy pairings"]
        [membership] = mine["memberships"]
        assert membership["server"] == str(world.guild.id)
        [shared] = mine["rounds"]
        assert shared["thread"] == str(group.thread_id) and shared["group_size"] == 2
        assert shared["activity"] == group.activity_text
        assert str(bob.id) not in json.dumps(mine), "the partner's id is theirs"

        asked = await fake.slash(alice, general, "mydata delete")
        await asked.response()
        prompt = await asked.message()
        confirm = await fake.click(alice, prompt, prompt.custom_ids()[0])
        await confirm.response()

        async def deleted() -> bool:
            return await count(bot.db, "SELECT COUNT(*) FROM pair_members") == 1

        await eventually(deleted, "alice's pairings to be deleted")
        members = await bot.db.fetch_all("SELECT user_id FROM pair_group_members")
        assert [int(r[0]) for r in members] == [bob.id]
        assert "aren't in" in (await status(fake, alice, general)).content
    assert_clean(fake, caplog)


async def test_a_fortnightly_schedule_rests_every_second_week(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    clock = OffsetClock(BEFORE_SIX - timedelta(minutes=30))
    fortnightly = {**SCHEDULE, "cadence": "fortnightly"}
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


async def test_a_member_the_lists_leave_without_a_buddy_is_told_kindly_and_privately(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Three members, and alice listed bob: one pair, and one of them left out, who hears
    it privately with their next command and in status, and is never told why."""
    fake, general = world.fake, world.general
    [carol] = more_members(world, "carol")
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for user in (world.alice, world.bob, carol):
            await join(fake, user, general)
        await bot.members.set_dont_pair(world.alice.id, world.bob.id, listed=True)
        assert "1 group(s), 1 member(s) without a buddy" in await pair_now(
            fake, world.admin, general
        )
        [group] = await groups_of_round(bot)
        assert carol.id in group.members
        [left_out] = [u for u in (world.alice, world.bob) if u.id not in group.members]
        handle = await fake.slash(left_out, general, "challenge pairs status")
        shown = await handle.response()
        assert shown.ephemeral and "nobody free to pair you with" in shown.content
        notice = await handle.followup(0)
        assert notice.ephemeral and "nobody free to pair you with" in notice.content
        for text in (shown.content, notice.content):
            assert "list" not in text and str(world.alice.id) not in text, "never why"
        dms = [c for c in fake.world.channels.values() if c.type == 1]
        assert all(fake.messages(c) == [] for c in dms), "no DM"
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
        await run(fake, ada, general, "challenge pairs schedule", channel=daily, **SCHEDULE)
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
            fake, world.admin, general, "challenge pairs schedule", channel=general, **SCHEDULE
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


async def test_threads_kindred_cannot_read_count_nobody_as_silent(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Without Read Message History Discord answers an empty list: that must never read as
    everyone being silent. Rounds are made as the scheduler makes them (the command itself
    refuses a channel without that permission)."""
    fake, general = world.fake, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for user in (world.alice, world.bob):
            await join(fake, user, general)
        await pair_now(fake, world.admin, general)
        fake.set_bot_permissions(general, DEFAULT_BOT_PERMISSIONS & ~READ_MESSAGE_HISTORY)
        cog = bot.get_cog("Fun challenges")
        for _ in range(4):
            made = await cog.run_round(world.guild.id, general.id, None)  # type: ignore[union-attr]
            assert made is not None and made.groups == 1
        assert await count(bot.db, "SELECT COUNT(*) FROM pair_asks") == 0
        assert await count(bot.db, "SELECT MAX(silent_rounds) FROM pair_members") == 0
        fake.set_bot_permissions(general, DEFAULT_BOT_PERMISSIONS)
    assert_clean(fake, caplog)
