"""Scheduled challenges arriving end to end: at their time, with their thread and only the
channel's kinds, the role pinged and nobody else, exactly once across restarts (a restart
between a post and its completions included), admins told when the bank runs low, and a
channel that refuses pausing its schedule."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.outbound.scheduler import occurrence_nonce
from bot.timing.clock import OffsetClock
from tests.e2e.challenge_support import challenge_posts, cog_of, did_it, schedule
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, eventually, running_kindred
from tests.e2e.questions_support import BEFORE_NINE, run, thread_of

MESSAGES = "/channels/{channel_id}/messages"


def challenge_sends(fake: Any, channel: Any) -> list[Any]:
    """The bot's sends of challenge posts to ``channel`` (completions go to threads)."""
    return [
        r
        for r in fake.find_requests(method="POST", route=MESSAGES)
        if r.path == f"/channels/{channel.id}/messages" and r.body.get("embeds")
    ]


async def test_a_weekly_schedule_posts_its_kind_at_its_time_with_a_thread_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice = world.fake, world.admin, world.alice
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE)  # Tuesday 2 June, a few seconds before 09:00 London
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        saved = await schedule(fake, ada, daily, daily, cadence="weekly", day="tue", kinds="photo")
        assert saved.ephemeral and "every Tuesday at 09:00 Europe/London" in saved.content
        await fake.wait_until(lambda: len(challenge_posts(fake, daily)) >= 1, 10, "the post")
        [post] = challenge_posts(fake, daily)
        assert "Photo" in post.embeds[0]["title"]
        thread = await thread_of(fake, post)
        assert thread.name.startswith("Challenge #1")

        async def thread_recorded() -> bool:
            return bool(await bot.db.fetch_value("SELECT thread_id FROM challenge_posts"))

        await eventually(thread_recorded, "the thread to be recorded")
        row = await bot.db.fetch_one("SELECT * FROM challenge_posts")
        assert row is not None and row["kind"] == "photo" and row["occurrence_key"] == "2026-06-02"
        assert (row["message_id"], row["thread_id"]) == (post.id, thread.id)
        [sent] = challenge_sends(fake, daily)
        assert sent.body["nonce"] == occurrence_nonce(f"challenges:{daily.id}", "2026-06-02")
        assert sent.body["allowed_mentions"]["parse"] == [], "nobody pinged without a role"
        clock.advance(timedelta(minutes=1))
        await fake.settle()
        assert len(challenge_posts(fake, daily)) == 1, "posted once"
        assert bot.scheduler.next_fire_time(f"challenges:{daily.id}") == BEFORE_NINE + timedelta(
            days=7, seconds=3
        )
        # /challenge now keeps to the channel's kinds too.
        refused = await run(fake, alice, daily, "challenge now", kind="laugh")
        assert refused.ephemeral and "takes photo challenges only" in refused.content
        now = await (await fake.slash(alice, daily, "challenge now")).message()
        assert "Photo" in now.embeds[0]["title"]
        shared = await did_it(fake, alice, post, "a photo of my cat")
        assert "Shared in the thread" in shared
        await fake.wait_until(lambda: len(fake.messages(thread)) >= 1, 5, "the completion")
    assert_clean(fake, caplog)


async def test_each_day_is_posted_once_across_restarts_and_its_buttons_keep_working(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await schedule(fake, ada, daily, daily)
        await fake.wait_until(lambda: len(challenge_posts(fake, daily)) >= 1, 10, "day one")
        [post] = challenge_posts(fake, daily)
        thread = await thread_of(fake, post)
    clock.advance(timedelta(minutes=5))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await fake.settle()
        assert len(challenge_posts(fake, daily)) == 1, "the restart does not post day one again"
        assert "Shared in the thread" in await did_it(fake, world.alice, post, "done!")
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        assert "Shared in the thread" in await did_it(fake, world.bob, post)
        await fake.wait_until(lambda: len(fake.messages(thread)) >= 2, 5, "both completions")
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM challenge_completions") == 2
        assert len(challenge_posts(fake, daily)) == 1
    clock.set(BEFORE_NINE + timedelta(days=1))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await fake.wait_until(lambda: len(challenge_posts(fake, daily)) >= 2, 10, "day two")
        await fake.settle()
    first, second = challenge_posts(fake, daily)
    assert second.embeds[0]["title"].startswith("Challenge #2")
    assert first.embeds[0]["description"] != second.embeds[0]["description"]
    assert len(challenge_sends(fake, daily)) == 2
    assert_clean(fake, caplog)


async def test_a_post_whose_record_was_lost_in_a_crash_is_not_posted_twice(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Killed after Discord accepted the post (and its thread) but before anything was
    recorded: the restart posts the same challenge with the same nonce, finds the thread,
    and the post's buttons work."""
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await schedule(fake, ada, daily, daily)
        await fake.wait_until(lambda: len(challenge_posts(fake, daily)) >= 1, 10, "the post")
        [post] = challenge_posts(fake, daily)
        thread = await thread_of(fake, post)

        async def recorded() -> bool:
            row = await bot.db.fetch_one(
                "SELECT state FROM occurrences WHERE job_key LIKE 'challenges:%'"
            )
            return row is not None and row["state"] == "sent"

        await eventually(recorded, "the occurrence to be recorded")
        given = await bot.db.fetch_value("SELECT challenge_id FROM challenge_posts")
        await bot.db.execute("UPDATE challenge_posts SET message_id = NULL, thread_id = NULL")
        await bot.db.execute(
            "UPDATE occurrences SET state = 'claimed', lease_until = ? "
            "WHERE job_key LIKE 'challenges:%'",
            ("2026-06-02T08:00:30+00:00",),
        )
    clock.advance(timedelta(minutes=5))  # the lease ran out; still the same day in London
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:

        async def repaired() -> bool:
            row = await bot.db.fetch_one("SELECT thread_id FROM challenge_posts")
            return row is not None and row["thread_id"] is not None

        await eventually(repaired, "the post to be recorded again")
        rows = await bot.db.fetch_all("SELECT * FROM challenge_posts")
        assert len(rows) == 1 and rows[0]["challenge_id"] == given, "the same challenge"
        assert (rows[0]["message_id"], rows[0]["thread_id"]) == (post.id, thread.id)
        assert "Shared in the thread" in await did_it(fake, world.alice, post)
    sends = challenge_sends(fake, daily)
    assert len(sends) == 2 and sends[0].body["nonce"] == sends[1].body["nonce"]
    assert len(challenge_posts(fake, daily)) == 1, "Discord kept one post"
    threads = fake.find_requests(
        method="POST", route="/channels/{channel_id}/messages/{message_id}/threads"
    )
    assert [r.status for r in threads] == [200, 400], "the second found the thread already there"
    assert_clean(fake, caplog)


async def test_a_ping_role_is_mentioned_and_nobody_else(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    role = fake.add_role(world.guild, "challenge-fans")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await schedule(fake, ada, daily, daily, ping_role=role)
        await fake.wait_until(lambda: len(challenge_posts(fake, daily)) >= 1, 10, "the post")
        await fake.settle()
    [post] = challenge_posts(fake, daily)
    assert post.content == f"<@&{role.id}>"
    [request] = challenge_sends(fake, daily)
    assert request.body["allowed_mentions"] == {"parse": [], "roles": [role.id]}
    assert_clean(fake, caplog)


async def test_admins_hear_once_when_the_bank_runs_low_and_when_a_new_round_starts(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        cog = cog_of(bot)
        cog.bank = [c for c in cog.bank if c.depth == 1 and c.kind == "laugh"][:2]
        await schedule(fake, ada, daily, daily, kinds="laugh")
        for day in range(3):
            clock.set(BEFORE_NINE + timedelta(days=day))
            await fake.wait_until(
                lambda n=day: len(challenge_posts(fake, daily)) >= n + 1, 10, f"day {day + 1}"
            )
            await thread_of(fake, challenge_posts(fake, daily)[-1])
        given = [p.embeds[0]["description"] for p in challenge_posts(fake, daily)]
        assert len(set(given[:2])) == 2, "no repeat within a round"
        assert given[2] in given[:2], "the third starts a new round"

        member_view = await fake.slash(world.alice, daily, "help")
        await member_view.response()
        await fake.settle()
        assert [m for m in member_view.followups if m.content] == [], (
            "members are not told admin notices"
        )
        handle = await fake.slash(ada, daily, "challenge schedules")
        await handle.response()
        notice = await handle.followup(0)
        assert notice.content.count("running low") == 1, "told once a round, not twice"
        assert "a new round starts" in notice.content
    assert_clean(fake, caplog)


async def test_a_channel_that_refuses_pauses_its_schedule_and_admins_hear(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await schedule(fake, ada, world.general, daily)
        fake.set_bot_permissions(daily, 0)

        async def paused() -> bool:
            return bool(await bot.db.fetch_value("SELECT paused FROM challenge_schedules"))

        await eventually(paused, "the schedule to pause")
        assert f"challenges:{daily.id}" not in bot.scheduler.job_keys
        clock.advance(timedelta(days=1))  # tomorrow's 09:00 comes and goes: no new attempt
        await bot.scheduler.sweep()
        handle = await fake.slash(ada, world.general, "challenge schedules")
        listed = await handle.response()
        assert "Paused" in repr(listed.data["embeds"])
        notice = await handle.followup(0)
        assert "so I paused scheduled challenges there" in notice.content
    assert [r.status for r in fake.find_requests(method="POST", route=MESSAGES)] == [403]
    assert challenge_posts(fake, daily) == []
