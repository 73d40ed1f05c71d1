"""/challenge pairs end to end through the fake Discord: joining, leaving and status; the
admins' schedule and everything it refuses; and what a round makes: private threads with
only their members, an activity that fits the group, a trio for an odd count, the
do-not-pair lists in both directions, pairing:False, and no repeat within four rounds."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.fakediscord.state import DEFAULT_BOT_PERMISSIONS
from bot.storage.database import Database, from_db_time
from bot.timing.clock import OffsetClock
from cogs.challenges.repository.pairs import NOW_COOLDOWN
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.pairs_support import (
    PRIVATE_THREAD,
    groups_of_round,
    join,
    more_members,
    pair_now,
    pair_now_later,
    partners,
    private_threads,
    status,
    thread,
)
from tests.e2e.questions_support import run, said

CREATE_PRIVATE_THREADS = 1 << 36
SCHEDULE = {"cadence": "weekly", "day": 1, "time": "18:00", "timezone": "Europe/London"}


async def rows(db: Database, table: str) -> list[Any]:
    return list(await db.fetch_all(f"SELECT * FROM {table}"))  # noqa: S608 - fixed names


async def test_join_leave_and_status_answer_privately_and_pairing_off_is_refused(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        out = await status(fake, alice, general)
        assert out.ephemeral and "aren't in buddy pairings" in out.content
        joined = await run(fake, alice, general, "challenge pairs join")
        assert joined.ephemeral and "You're in buddy pairings" in joined.content
        assert "no round is planned yet" in joined.content
        assert "already in" in await join(fake, alice, general)
        shown = await status(fake, alice, general)
        assert shown.ephemeral and "You're in buddy pairings here" in shown.content
        assert "thread" not in shown.content, "no round yet, so no thread"
        assert len(await rows(bot.db, "pair_members")) == 1

        await bot.members.update(bob.id, pairing=False)
        refused = await run(fake, bob, general, "challenge pairs join")
        assert refused.ephemeral and "pairing:True" in refused.content
        assert len(await rows(bot.db, "pair_members")) == 1, "nothing saved for bob"

        left = await run(fake, alice, general, "challenge pairs leave")
        assert left.ephemeral and "You've left buddy pairings" in left.content
        again = await run(fake, alice, general, "challenge pairs leave")
        assert "aren't in buddy pairings" in again.content
        assert await rows(bot.db, "pair_members") == []
        shown_help = repr((await run(fake, alice, general, "help")).data["embeds"])
        for command in ("join", "leave", "status", "schedule", "unschedule", "now"):
            assert f"/challenge pairs {command}" in shown_help
    assert_clean(fake, caplog)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({**SCHEDULE, "time": "25:00"}, "25:00"),
        ({**SCHEDULE, "timezone": "Europe/Londn"}, "Did you mean Europe/London?"),
    ],
)
async def test_a_bad_time_or_zone_is_refused_and_saves_nothing(
    world: World,
    db_path: Path,
    caplog: pytest.LogCaptureFixture,
    options: dict[str, Any],
    expected: str,
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await run(
            fake, ada, general, "challenge pairs schedule", channel=general, **options
        )
        assert refused.ephemeral and expected in refused.content
        assert await rows(bot.db, "pair_schedules") == []
        assert not [k for k in bot.scheduler.job_keys if k.startswith("pairs:")]
    assert_clean(fake, caplog)


async def test_schedule_refuses_members_channels_without_private_threads_and_a_second_one(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    daily = fake.channel(world.guild, "daily")
    fake.set_bot_permissions(daily, DEFAULT_BOT_PERMISSIONS & ~CREATE_PRIVATE_THREADS)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        member = await run(
            fake, world.alice, general, "challenge pairs schedule", channel=general, **SCHEDULE
        )
        assert member.ephemeral and "Manage Server" in member.content
        no_threads = await run(
            fake, ada, general, "challenge pairs schedule", channel=daily, **SCHEDULE
        )
        assert "can't make private buddy threads" in no_threads.content
        assert "Create Private Threads" in no_threads.content
        assert await rows(bot.db, "pair_schedules") == []

        saved = await run(
            fake, ada, general, "challenge pairs schedule", channel=general, **SCHEDULE
        )
        assert saved.ephemeral and "Buddy rounds are set: every week" in saved.content
        assert saved.content.count("<t:") == 3, "the next three rounds"
        [row] = await rows(bot.db, "pair_schedules")
        assert (row["channel_id"], row["weekday"], row["at"]) == (general.id, 1, "18:00")
        assert f"pairs:{world.guild.id}" in bot.scheduler.job_keys

        fake.set_bot_permissions(daily, DEFAULT_BOT_PERMISSIONS)
        second = await run(
            fake, ada, general, "challenge pairs schedule", channel=daily, **SCHEDULE
        )
        assert "already has buddy rounds" in second.content
        [kept] = await rows(bot.db, "pair_schedules")
        assert kept["channel_id"] == general.id, "the first one is untouched"

        told = await status(fake, world.alice, general)
        assert "aren't in" in told.content
        await join(fake, world.alice, general)
        assert "Next round: <t:" in (await status(fake, world.alice, general)).content

        stopped = await run(fake, ada, general, "challenge pairs unschedule")
        assert "Buddy rounds are stopped" in stopped.content
        assert await rows(bot.db, "pair_schedules") == []
        assert f"pairs:{world.guild.id}" not in bot.scheduler.job_keys
        nothing = await run(fake, ada, general, "challenge pairs unschedule")
        assert "no buddy rounds planned" in nothing.content
    assert_clean(fake, caplog)


async def test_a_round_makes_private_threads_with_only_their_members_and_a_fitting_activity(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    carol, dan, erin = more_members(world, "carol", "dan", "erin")
    joined = [world.alice, world.bob, carol, dan, erin]
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for user in joined:
            await join(fake, user, general)
        await bot.members.update(carol.id, max_depth=1)
        done = await pair_now(fake, ada, general)
        assert "2 group(s), 0 member(s) without a buddy" in done
        groups = await groups_of_round(bot)
        assert sorted(len(g.members) for g in groups) == [2, 3], "a trio for an odd count"
        assert set().union(*(g.members for g in groups)) == {u.id for u in joined}
        bank = {a.id: a for a in bot.get_cog("Fun challenges").pair_activities}  # type: ignore[union-attr]
        for group in groups:
            made = thread(fake, group.thread_id)
            assert made.type == PRIVATE_THREAD and made.parent_id == general.id
            assert set(fake.thread_members(made)) == group.members | {fake.bot_user.id}
            assert ada.id not in fake.thread_members(made), "admins are not added"
            activity = bank[group.activity_id]
            assert activity.suits(len(group.members))
            if carol.id in group.members:
                assert activity.depth == 1, "no deeper than the lower max_depth"
            [welcome] = fake.messages(made)
            assert activity.text in welcome.content
            assert all(f"<@{m}>" in welcome.content for m in group.members)
        welcomes = [
            r
            for r in fake.find_requests(method="POST", route="/channels/{channel_id}/messages")
            if r.body.get("nonce")
        ]
        assert len(welcomes) == 2
        assert all(r.body["allowed_mentions"] == {"parse": []} for r in welcomes), "no pings"
        mine = next(g for g in groups if world.alice.id in g.members)
        shown = await status(fake, world.alice, general)
        assert f"<#{mine.thread_id}>" in shown.content
        assert "declined" not in shown.content
    assert_clean(fake, caplog)


async def test_do_not_pair_both_ways_and_pairing_off_are_honoured_every_round(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    carol, dan, erin = more_members(world, "carol", "dan", "erin")
    alice, bob = world.alice, world.bob
    clock = OffsetClock()
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        for user in (alice, bob, carol, dan, erin):
            await join(fake, user, general)
        await bot.members.set_dont_pair(alice.id, bob.id, listed=True)  # alice lists bob
        await bot.members.set_dont_pair(dan.id, carol.id, listed=True)  # dan lists carol
        await bot.members.update(erin.id, pairing=False)  # joined, then turned pairing off
        seen: set[frozenset[int]] = set()
        for _ in range(4):
            await pair_now_later(fake, ada, general, clock)
            groups = await groups_of_round(bot)
            assert sorted(len(g.members) for g in groups) == [2, 2]
            assert erin.id not in set().union(*(g.members for g in groups))
            met = partners(groups)
            assert frozenset({alice.id, bob.id}) not in met, "bob never learns, never meets"
            assert frozenset({carol.id, dan.id}) not in met
            seen |= met
            for group in groups:  # a word in each thread, so nobody is rested for silence
                for member in group.members:
                    user = next(u for u in (alice, bob, carol, dan) if u.id == member)
                    await fake.send_message(user, thread(fake, group.thread_id), "hi!")
        assert seen == {
            frozenset({alice.id, carol.id}),
            frozenset({alice.id, dan.id}),
            frozenset({bob.id, carol.id}),
            frozenset({bob.id, dan.id}),
        }
        erin_status = await status(fake, erin, general)
        assert "rather not be paired" in erin_status.content
    assert_clean(fake, caplog)


async def test_no_one_meets_the_same_buddy_twice_within_four_rounds_when_avoidable(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Eight members: whatever three rounds came first, the fourth can still give everyone a
    new buddy (what is left of who has not met is 4-regular on 8 people, so it always holds
    a perfect matching), so no repeat is ever needed; with six it sometimes is."""
    fake, ada, general = world.fake, world.admin, world.general
    others = more_members(world, "carol", "dan", "erin", "finn", "gus", "hana")
    everyone = [world.alice, world.bob, *others]
    by_id = {u.id: u for u in everyone}
    clock = OffsetClock()
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        for user in everyone:
            await join(fake, user, general)
        met: list[set[frozenset[int]]] = []
        for _ in range(4):
            assert "4 group(s)" in await pair_now_later(fake, ada, general, clock)
            groups = await groups_of_round(bot)
            met.append(partners(groups))
            for group in groups:
                for member in group.members:
                    await fake.send_message(by_id[member], thread(fake, group.thread_id), "hey")
        for i, first in enumerate(met):
            for later in met[i + 1 :]:
                assert first.isdisjoint(later), "a new buddy every round"
    assert_clean(fake, caplog)


async def test_a_round_now_with_fewer_than_two_members_saves_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await join(fake, world.alice, general)
        refused = await pair_now(fake, ada, general)
        assert "aren't two members" in refused
        assert await rows(bot.db, "pair_rounds") == []
        denied = await run(fake, world.alice, general, "challenge pairs now")
        assert "Manage Server" in denied.content
    assert_clean(fake, caplog)


async def test_two_rounds_now_at_once_make_one_and_the_next_waits_ten_minutes(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    clock = OffsetClock()
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        for user in (world.alice, world.bob):
            await join(fake, user, general)
        both = await asyncio.gather(  # two admins' presses (or one pressed twice) at once
            fake.slash(ada, general, "challenge pairs now"),
            fake.slash(ada, general, "challenge pairs now"),
        )
        answers = sorted([await said(h) for h in both])
        assert sum("1 group(s)" in a for a in answers) == 1, answers
        [refused] = [a for a in answers if "1 group(s)" not in a]
        made_at = from_db_time(await bot.db.fetch_value("SELECT created_at FROM pair_rounds"))
        allowed = f"<t:{int((made_at + NOW_COOLDOWN).timestamp())}:R>"
        assert "a moment ago" in refused and allowed in refused, refused
        assert len(await rows(bot.db, "pair_rounds")) == 1
        assert len(private_threads(fake)) == 1, "everyone has one thread, not two"

        clock.advance(NOW_COOLDOWN - timedelta(seconds=5))
        early = await run(fake, ada, general, "challenge pairs now")
        assert early.ephemeral and allowed in early.content, "still refused, nothing made"
        assert len(await rows(bot.db, "pair_rounds")) == 1

        clock.advance(timedelta(seconds=5))
        assert "1 group(s)" in await pair_now(fake, ada, general)
        assert len(await rows(bot.db, "pair_rounds")) == 2
        assert len(private_threads(fake)) == 2
    assert_clean(fake, caplog)
