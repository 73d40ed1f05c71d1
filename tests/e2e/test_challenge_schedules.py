"""/challenge schedule and its companions end to end: every bad input gets a clear private
answer and saves nothing (a second schedule for a channel included), and pause, resume,
skip, unschedule and schedules do what they say."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.fakediscord.state import DEFAULT_BOT_PERMISSIONS
from bot.timing.clock import OffsetClock
from tests.e2e.challenge_support import DAILY, challenge_posts, schedule
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import BEFORE_NINE, CREATE_PUBLIC_THREADS, run

NOTHING_SAVED = "Nothing was saved"


def plain_times(text: str) -> str:
    """The text without its relative timestamps (each reader's client shows those)."""
    return re.sub(r" \(<t:\d+:R>\)", "", text)


async def saved_schedules(bot: Any) -> list[Any]:
    return list(await bot.db.fetch_all("SELECT * FROM challenge_schedules"))


def job_keys(bot: Any) -> list[str]:
    return [k for k in bot.scheduler.job_keys if k.startswith("challenges:")]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"cadence": "weekly"}, "A weekly schedule needs a day"),
        ({"day": "fri"}, "A daily schedule posts every day, so it takes no day"),
        ({"cadence": "hourly"}, "values Discord offers"),
        ({"cadence": "weekly", "day": "someday"}, "values Discord offers"),
        (
            {"kinds": "laugh, dancing"},
            "The kinds are: laugh, creative, gratitude, memory, together, photo",
        ),
        ({"kinds": " , "}, "Kinds was empty"),
        ({"time": "25:00"}, "25:00"),
        ({"timezone": "Europe/Londn"}, "Did you mean Europe/London?"),
    ],
)
async def test_bad_schedule_input_is_refused_privately_and_saves_nothing(
    world: World,
    db_path: Path,
    caplog: pytest.LogCaptureFixture,
    options: dict[str, Any],
    expected: str,
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await schedule(fake, ada, general, general, **options)
        assert refused.ephemeral and expected in refused.content
        assert await saved_schedules(bot) == []
        assert job_keys(bot) == []
    assert_clean(fake, caplog)


async def test_everyone_as_the_ping_role_is_refused(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await schedule(fake, ada, general, general, ping_role=world.guild.id)
        assert refused.ephemeral and "won't ping everyone" in refused.content
        assert NOTHING_SAVED in refused.content
        assert await saved_schedules(bot) == []
    assert_clean(fake, caplog)


async def test_a_channel_kindred_cannot_post_or_thread_in_is_refused_before_saving(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    daily = fake.channel(world.guild, "daily")
    fake.set_bot_permissions(general, 1024)  # view only
    fake.set_bot_permissions(daily, DEFAULT_BOT_PERMISSIONS & ~CREATE_PUBLIC_THREADS)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        here = await schedule(fake, ada, general, general)
        assert here.ephemeral and "I can't post challenges in" in here.content
        assert "send messages" in here.content
        there = await schedule(fake, ada, general, daily)
        assert there.ephemeral and "create public threads" in there.content
        assert await saved_schedules(bot) == []
        assert job_keys(bot) == []
    assert_clean(fake, caplog)


async def test_a_second_schedule_for_a_channel_is_refused_and_the_first_stays(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    daily = fake.channel(world.guild, "daily")
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        first = await schedule(fake, ada, general, daily, kinds="laugh")
        assert first.ephemeral and "Fun challenges are set for" in first.content
        before = await saved_schedules(bot)
        second = await schedule(
            fake, ada, general, daily, cadence="weekly", day="mon", time="18:00"
        )
        assert second.ephemeral and "already has scheduled challenges" in second.content
        assert "/challenge unschedule first" in second.content
        assert NOTHING_SAVED in second.content
        assert [dict(r) for r in await saved_schedules(bot)] == [dict(r) for r in before]
        other = await schedule(fake, ada, general, general)  # several channels per server
        assert "Fun challenges are set for" in other.content
        assert sorted(job_keys(bot)) == sorted(
            [f"challenges:{daily.id}", f"challenges:{general.id}"]
        )
    assert_clean(fake, caplog)


async def test_two_admins_scheduling_one_channel_at_once_save_one(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    daily = fake.channel(world.guild, "daily")
    other_admin = fake.add_user("ida")
    fake.add_member(world.guild, other_admin, manage_guild=True)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        options = {"channel": daily, **DAILY}
        first = await fake.slash(world.admin, general, "challenge schedule", options)
        second = await fake.slash(
            other_admin, general, "challenge schedule", {**options, "kinds": "laugh"}
        )
        answers = sorted([(await first.response()).content, (await second.response()).content])
        assert "already has scheduled challenges" in answers[0]
        assert "Fun challenges are set for" in answers[1]
        assert len(await saved_schedules(bot)) == 1
        assert job_keys(bot) == [f"challenges:{daily.id}"]
    assert_clean(fake, caplog)


async def test_members_cannot_schedule(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await schedule(fake, world.alice, general, general)
        assert refused.ephemeral and "Manage Server" in refused.content
        paused = await run(fake, world.alice, general, "challenge pause", channel=general)
        assert paused.ephemeral and "Manage Server" in paused.content
        assert await saved_schedules(bot) == []
    assert_clean(fake, caplog)


async def test_commands_on_a_channel_without_a_schedule_say_so(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        listed = await run(fake, ada, general, "challenge schedules")
        assert listed.ephemeral and "No channel here has scheduled challenges" in listed.content
        for command in ("pause", "resume", "skip", "unschedule"):
            answer = await run(fake, ada, general, f"challenge {command}", channel=general)
            assert answer.ephemeral and "has no scheduled challenges" in answer.content, command
    assert_clean(fake, caplog)


async def test_pause_posts_nothing_resume_does_not_catch_up_and_skip_drops_one(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    daily = fake.channel(world.guild, "daily")
    clock = OffsetClock(BEFORE_NINE - timedelta(minutes=1))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await schedule(fake, ada, daily, daily)
        paused = await run(fake, ada, daily, "challenge pause", channel=daily)
        assert paused.ephemeral and "Paused the challenges" in paused.content
        assert job_keys(bot) == []
        listed = await run(fake, ada, daily, "challenge schedules")
        assert "Paused" in repr(listed.data["embeds"])
        skip_paused = await run(fake, ada, daily, "challenge skip", channel=daily)
        assert "paused, so there's nothing to skip" in skip_paused.content
        clock.advance(timedelta(minutes=2))  # 09:00 passes while paused
        await fake.settle()
        assert challenge_posts(fake, daily) == []
        resumed = await run(fake, ada, daily, "challenge resume", channel=daily)
        assert resumed.ephemeral and "not caught up" in resumed.content
        await fake.settle()
        assert challenge_posts(fake, daily) == [], "the missed 09:00 is not posted late"
        skipped = await run(fake, ada, daily, "challenge skip", channel=daily)
        assert "Skipped the next challenge" in skipped.content
        clock.set(BEFORE_NINE + timedelta(days=1))  # Wednesday 09:00 is the skipped one
        await fake.settle()
        clock.advance(timedelta(seconds=5))
        await fake.settle()
        assert challenge_posts(fake, daily) == []
        clock.set(BEFORE_NINE + timedelta(days=2))  # Thursday posts as usual
        await fake.wait_until(lambda: len(challenge_posts(fake, daily)) >= 1, 10, "Thursday")
        await fake.settle()
        assert len(challenge_posts(fake, daily)) == 1
        gone = await run(fake, ada, daily, "challenge unschedule", channel=daily)
        assert gone.ephemeral and "won't get scheduled challenges any more" in gone.content
        assert await saved_schedules(bot) == [] and job_keys(bot) == []
        clock.set(BEFORE_NINE + timedelta(days=3))
        await fake.settle()
        clock.advance(timedelta(seconds=5))
        await fake.settle()
        assert len(challenge_posts(fake, daily)) == 1, "nothing after unschedule"
    assert_clean(fake, caplog)


async def test_schedules_lists_every_schedule_with_its_next_three_times_over_pages(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    weekly = fake.channel(world.guild, "daily")
    extra = [fake.add_channel(world.guild, f"fun-{n:02d}") for n in range(25)]
    clock = OffsetClock(BEFORE_NINE - timedelta(hours=1))  # nothing is posted meanwhile
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        role = fake.add_role(world.guild, "fun-fans")
        await fake.settle()
        saved = await schedule(
            fake,
            ada,
            general,
            weekly,
            cadence="weekly",
            day="fri",
            time="18:30",
            kinds="photo,laugh",
            ping_role=role,
        )
        assert "every Friday at 18:30 Europe/London" in saved.content
        assert "Fri 05 Jun 18:30, Fri 12 Jun 18:30, Fri 19 Jun 18:30" in plain_times(saved.content)
        for channel in extra:
            await schedule(fake, ada, general, channel)
        handle = await fake.slash(ada, general, "challenge schedules")
        first = await handle.response()
        second = await handle.followup(0)
        assert first.ephemeral and second.ephemeral
        fields = first.data["embeds"][0]["fields"] + second.embeds[0]["fields"]
        assert len(first.data["embeds"][0]["fields"]) == 25 and len(fields) == 26
        [listed] = [f for f in fields if f["name"] == "#daily"]
        assert "kinds: laugh, photo" in listed["value"]
        assert f"pings <@&{role.id}>" in listed["value"]
        assert listed["value"].count("Fri ") == 3
        daily_ones = [f for f in fields if f["name"].startswith("#fun-")]
        assert len(daily_ones) == 25
        assert all(
            "Tue 02 Jun 09:00, Wed 03 Jun 09:00, Thu 04 Jun 09:00" in plain_times(f["value"])
            for f in daily_ones
        )
    assert_clean(fake, caplog)
