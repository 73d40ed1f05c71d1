"""/question end to end, schedules and posting: the real Kindred and discord.py against the
local fake Discord.

Time is driven by an OffsetClock: "09:00 in London" arrives a few seconds after the test
sets the clock, never after real minutes.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.fakediscord.state import DEFAULT_BOT_PERMISSIONS
from bot.timing.clock import OffsetClock
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, eventually, running_kindred

# 2 June 2026, London is on BST (UTC+1): 09:00 London = 08:00 UTC.
from tests.e2e.questions_support import (
    BEFORE_NINE,
    CREATE_PUBLIC_THREADS,
    SCHEDULE,
    button,
    posts,
    run,
    thread_of,
)


async def test_a_schedule_a_few_seconds_ahead_posts_exactly_once_with_buttons_and_a_thread(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        saved = await run(fake, ada, daily, "question schedule", channel=daily, **SCHEDULE)
        assert saved.ephemeral and "Daily questions are set for" in saved.content
        assert "Tue 02 Jun 09:00" in saved.content
        await fake.wait_until(lambda: len(posts(fake, daily)) >= 1, 10, "the 09:00 post")
        await fake.settle()
        [post] = posts(fake, daily)
        [embed] = post.embeds
        assert embed["title"] == "Question #1"
        assert {f["name"] for f in embed["fields"]} == {"Category", "Depth"}
        assert next(f for f in embed["fields"] if f["name"] == "Depth")["value"] == "1 · light"
        assert [c.split(":")[1] for c in post.custom_ids()] == ["a", "n", "p", "d", "t"]
        thread = await thread_of(fake, post)
        assert thread.name.startswith("#1 · ")
        clock.advance(timedelta(minutes=1))
        await fake.settle()
    assert len(posts(fake, daily)) == 1
    assert_clean(fake, caplog)


async def test_a_restart_between_two_posts_posts_each_day_once_with_new_questions(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await run(fake, ada, daily, "question schedule", channel=daily, **SCHEDULE)
        await fake.wait_until(lambda: len(posts(fake, daily)) >= 1, 10, "day one")
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await fake.settle()
        assert len(posts(fake, daily)) == 1, "the restart does not post day one again"
    clock.set(BEFORE_NINE + timedelta(days=1))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await fake.wait_until(lambda: len(posts(fake, daily)) >= 2, 10, "day two")
        await fake.settle()
    first, second = posts(fake, daily)
    assert second.embeds[0]["title"] == "Question #2"
    assert first.embeds[0]["description"] != second.embeds[0]["description"]
    assert_clean(fake, caplog)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"time": "25:00", "timezone": "Europe/London"}, "25:00"),
        ({"time": "9:00", "timezone": "Europe/Londn"}, "Did you mean Europe/London?"),
        ({"time": "9:00", "timezone": "UTC", "days": "someday"}, "someday"),
    ],
)
async def test_bad_schedule_input_is_refused_and_saves_nothing(
    world: World,
    db_path: Path,
    caplog: pytest.LogCaptureFixture,
    options: dict[str, Any],
    expected: str,
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await run(fake, ada, general, "question schedule", channel=general, **options)
        assert refused.ephemeral and expected in refused.content
        assert await bot.db.fetch_all("SELECT * FROM question_schedules") == []
    assert_clean(fake, caplog)


async def test_a_channel_kindred_cannot_post_in_is_refused_before_saving(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    fake.set_bot_permissions(general, 1024)  # view only: no sending, no threads
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await run(fake, ada, general, "question schedule", channel=general, **SCHEDULE)
        assert "I can't post daily questions in" in refused.content
        assert "send messages" in refused.content
        assert await bot.db.fetch_all("SELECT * FROM question_schedules") == []
        not_here = await run(fake, world.alice, general, "question now")
        assert "I can't post daily questions in this channel" in not_here.content
    assert_clean(fake, caplog)


async def test_another_channel_kindred_cannot_post_in_is_refused_too(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Scheduling #daily from #general: the bot's rights in #daily come from its cache."""
    fake, ada, general = world.fake, world.admin, world.general
    daily = fake.channel(world.guild, "daily")
    fake.set_bot_permissions(daily, DEFAULT_BOT_PERMISSIONS & ~CREATE_PUBLIC_THREADS)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await run(fake, ada, general, "question schedule", channel=daily, **SCHEDULE)
        assert "create public threads" in refused.content
        assert await bot.db.fetch_all("SELECT * FROM question_schedules") == []
        fake.set_bot_permissions(daily, DEFAULT_BOT_PERMISSIONS)

        async def can_post() -> bool:
            guild = bot.get_guild(world.guild.id)
            channel = guild.get_channel(daily.id) if guild else None
            return bool(
                channel and guild and channel.permissions_for(guild.me).create_public_threads
            )

        await eventually(can_post, "the channel update")
        saved = await run(fake, ada, general, "question schedule", channel=daily, **SCHEDULE)
        assert "Daily questions are set for" in saved.content
    assert_clean(fake, caplog)


async def test_pause_posts_nothing_resume_does_not_catch_up_and_skip_drops_one(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE - timedelta(minutes=1))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await run(fake, ada, daily, "question schedule", channel=daily, **SCHEDULE)
        paused = await run(fake, ada, daily, "question pause", channel=daily)
        assert "Paused" in paused.content
        clock.advance(timedelta(minutes=2))  # 09:00 passes while paused
        await fake.settle()
        assert posts(fake, daily) == []
        resumed = await run(fake, ada, daily, "question resume", channel=daily)
        assert "not caught up" in resumed.content
        await fake.settle()
        assert posts(fake, daily) == [], "the missed 09:00 is not posted late"
        skipped = await run(fake, ada, daily, "question skip", channel=daily)
        assert "Skipped the next daily question" in skipped.content
        clock.set(BEFORE_NINE + timedelta(days=1))  # Wednesday 09:00 is the skipped one
        await fake.settle()
        clock.advance(timedelta(seconds=5))
        await fake.settle()
        assert posts(fake, daily) == []
        clock.set(BEFORE_NINE + timedelta(days=2))  # Thursday posts as usual
        await fake.wait_until(lambda: len(posts(fake, daily)) >= 1, 10, "Thursday's post")
        await fake.settle()
        assert len(posts(fake, daily)) == 1
        listed = await run(fake, ada, daily, "question schedules")
        assert "09:00 Europe/London" in repr(listed.data["embeds"])
        gone = await run(fake, ada, daily, "question unschedule", channel=daily)
        assert "won't get daily questions" in gone.content
        [post] = posts(fake, daily)
        closed = await fake.click(world.alice, post, button(post, "kq:a:"))
        assert "stopped" in (await closed.response()).content
    assert_clean(fake, caplog)


async def test_admins_hear_when_a_channel_runs_low_once_and_when_a_new_round_starts(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, general = world.fake, world.admin, world.alice, world.general
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        cog: Any = bot.get_cog("Daily questions")
        cog.bank = [q for q in cog.bank if q.depth == 1][:2]
        asked = []
        for _ in range(3):
            post = await (await fake.slash(alice, general, "question now")).message()
            await thread_of(fake, post)
            asked.append(post.embeds[0]["description"])
            clock.advance(timedelta(minutes=11))  # past the cooldown
        assert len(set(asked[:2])) == 2, "no repeat within a round"
        assert asked[2] in asked[:2], "the third starts a new round"

        member_view = await fake.slash(alice, general, "help")
        await member_view.response()
        await fake.settle()
        assert [m for m in member_view.followups if m.content] == [], (
            "members are not told admin notices"
        )
        handle = await fake.slash(ada, general, "question bank")
        bank = await handle.response()
        assert "round 2" in bank.data["embeds"][0]["description"]
        notice = await handle.followup(0)
        assert notice.content.count("fresh questions left") == 1, "told once, not twice"
        assert "a new round starts" in notice.content
    assert_clean(fake, caplog)


async def test_a_ping_role_is_mentioned_and_nobody_else(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    role = fake.add_role(world.guild, "question-fans")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        everyone = await run(
            fake,
            ada,
            daily,
            "question schedule",
            channel=daily,
            ping_role=world.guild.id,
            **SCHEDULE,
        )
        assert "won't ping everyone" in everyone.content
        await run(fake, ada, daily, "question schedule", channel=daily, ping_role=role, **SCHEDULE)
        await fake.wait_until(lambda: len(posts(fake, daily)) >= 1, 10, "the post")
        await fake.settle()
    [post] = posts(fake, daily)
    assert post.content == f"<@&{role.id}>"
    [request] = [
        r
        for r in fake.find_requests(method="POST", route="/channels/{channel_id}/messages")
        if r.body and r.body.get("embeds")
    ]
    assert request.body["allowed_mentions"] == {"parse": [], "roles": [role.id]}
    assert_clean(fake, caplog)


async def test_a_post_whose_record_was_lost_in_a_crash_is_not_posted_twice(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Killed after Discord accepted the post (and its thread) but before anything was
    recorded: the restart asks the same question with the same nonce, and finds the thread."""
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await run(fake, ada, daily, "question schedule", channel=daily, **SCHEDULE)
        await fake.wait_until(lambda: len(posts(fake, daily)) >= 1, 10, "the post")
        [post] = posts(fake, daily)
        await thread_of(fake, post)

        async def recorded() -> bool:
            row = await bot.db.fetch_one(
                "SELECT state FROM occurrences WHERE job_key LIKE 'questions:%'"
            )
            return row is not None and row["state"] == "sent"

        await eventually(recorded, "the occurrence to be recorded")
        # What a kill -9 just after Discord's answers leaves: a claim and an unsent-looking post.
        await bot.db.execute("UPDATE question_posts SET message_id = NULL, thread_id = NULL")
        await bot.db.execute(
            "UPDATE occurrences SET state = 'claimed', lease_until = ? "
            "WHERE job_key LIKE 'questions:%'",
            ("2026-06-02T08:00:30+00:00",),
        )
    clock.advance(timedelta(minutes=5))  # the lease ran out; still the same day in London
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:

        async def repaired() -> bool:
            row = await bot.db.fetch_one("SELECT message_id, thread_id FROM question_posts")
            return row is not None and row["thread_id"] is not None

        await eventually(repaired, "the post to be recorded again")
        row = await bot.db.fetch_one("SELECT message_id, thread_id FROM question_posts")
        assert row is not None and (row["message_id"], row["thread_id"]) == (post.id, post.id)
    sends = [
        r
        for r in fake.find_requests(method="POST", route="/channels/{channel_id}/messages")
        if r.body and r.body.get("embeds")
    ]
    assert len(sends) == 2 and sends[0].body["nonce"] == sends[1].body["nonce"]
    assert len(posts(fake, daily)) == 1, "Discord kept one post"
    threads = fake.find_requests(
        method="POST", route="/channels/{channel_id}/messages/{message_id}/threads"
    )
    assert [r.status for r in threads] == [200, 400], "the second found the thread already there"
    assert_clean(fake, caplog)


async def test_a_question_that_could_not_be_posted_is_not_counted_as_asked(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        fake.fail_next(
            "POST", "/interactions/{interaction_id}/{interaction_token}/callback", 404, code=10062
        )
        failed = await fake.slash(alice, general, "question now")
        await failed.attempt()

        async def forgotten() -> bool:
            rows = await bot.db.fetch_all("SELECT * FROM question_posts")
            state = await bot.db.fetch_one("SELECT last_now_at FROM question_channels")
            return rows == [] and state is not None and state[0] is None

        await eventually(forgotten, "the unposted question to be forgotten")
        retried = await fake.slash(alice, general, "question now")
        post = await retried.message()
        await thread_of(fake, post)
        assert post.embeds[0]["title"] == "Question #2", "numbers are never reused"
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert [r.getMessage().split(" ")[0:2] for r in errors] == [["unexpected", "error"]]
    caplog.clear()
    assert_clean(fake, caplog)
