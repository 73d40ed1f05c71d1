"""/challenge settings and /challenge board end to end through the fake Discord: each setting
saved and shown privately, bad values and non-admins refused with nothing saved, the ceiling
obeyed by /challenge now, and the cooperative board: a streak built over days, a freeze ❄️,
a break, two completions needed, late completions, board off, and a channel with no
challenges. Every member sees the same board, and it names nobody."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app.client import Kindred
from bot.fakediscord import Channel, FakeDiscord, User
from bot.timing.clock import OffsetClock
from tests.e2e.challenge_support import (
    BEST,
    FREEZE,
    NOT_TODAY,
    STREAK,
    TAKING,
    board,
    cog_of,
    post_challenge,
    share,
    shown,
)
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import button, join_another_server, thread_of

START = datetime(2026, 6, 1, 9, tzinfo=UTC)


async def channel_row(bot: Kindred, channel: Channel) -> tuple[int, int, int] | None:
    row = await bot.db.fetch_one(
        "SELECT max_depth, streak_needs, board_on FROM challenge_channels WHERE channel_id = ?",
        (channel.id,),
    )
    return None if row is None else (row[0], row[1], row[2])


async def settings(fake: FakeDiscord, user: User, channel: Channel, **options: Any) -> Any:
    handle = await fake.slash(user, channel, "challenge settings", {"channel": channel, **options})
    return await handle.response()


async def test_settings_show_and_change_each_option_privately(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        first = await settings(fake, ada, general)
        assert first.ephemeral
        assert "1 · light" in first.content and "streak: 1" in first.content
        assert "(/challenge board): on" in first.content
        assert await channel_row(bot, general) is None, "looking saves nothing"

        deeper = await settings(fake, ada, general, max_depth=3)
        assert deeper.ephemeral and deeper.content.startswith("Saved.")
        assert "3 · " in deeper.content
        assert await channel_row(bot, general) == (3, 1, 1)
        needs = await settings(fake, ada, general, streak_needs=4)
        assert "streak: 4" in needs.content
        assert await channel_row(bot, general) == (3, 4, 1), "the other settings are kept"
        off = await settings(fake, ada, general, board="off")
        assert "(/challenge board): off" in off.content
        assert await channel_row(bot, general) == (3, 4, 0)
        both = await settings(fake, ada, general, max_depth=2, board="on")
        assert await channel_row(bot, general) == (2, 4, 1)
        again = await settings(fake, ada, general)
        assert again.content.replace("Saved. ", "").replace(" are now", "") == (
            both.content.replace("Saved. ", "").replace(" are now", "")
        )
        assert (await cog_of(bot).posts.state(general.id, world.guild.id)).max_depth == 2
    assert_clean(fake, caplog)


async def test_challenge_now_obeys_the_ceiling_an_admin_sets(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        cog = cog_of(bot)
        cog.rng = random.Random(11)  # a fixed draw, so the test is the same every run
        await settings(fake, ada, general, max_depth=2)
        for _ in range(30):
            await post_challenge(fake, bot, world.alice, general)
        depths = {r[0] for r in await bot.db.fetch_all("SELECT depth FROM challenge_posts")}
        assert depths == {1, 2}, "deeper than light once allowed, never past the ceiling"
    assert_clean(fake, caplog)


@pytest.mark.parametrize(
    ("options", "bad"),
    [
        ({"max_depth": 0}, "max_depth"),
        ({"max_depth": 4}, "max_depth"),
        ({"streak_needs": 0}, "streak_needs"),
        ({"streak_needs": 21}, "streak_needs"),
        ({"board": "maybe"}, "board"),
        ({"max_depth": 2, "streak_needs": 99}, "streak_needs"),
    ],
)
async def test_bad_settings_are_refused_and_nothing_is_saved(
    world: World,
    db_path: Path,
    caplog: pytest.LogCaptureFixture,
    options: dict[str, Any],
    bad: str,
) -> None:
    fake, ada, general = world.fake, world.admin, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await settings(fake, ada, general, streak_needs=3)
        refused = await settings(fake, ada, general, **options)
        assert refused.ephemeral and not refused.content.startswith("Saved")
        assert f"**{bad}**" in refused.content, "the answer names the bad option"
        assert await channel_row(bot, general) == (1, 3, 1), "a good option beside it is not saved"
    assert_clean(fake, caplog)


async def test_only_admins_change_settings(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await settings(fake, world.alice, general, board="off", max_depth=3)
        assert refused.ephemeral and "Manage Server" in refused.content
        peek = await settings(fake, world.alice, general)
        assert peek.ephemeral and "Manage Server" in peek.content
        assert await channel_row(bot, general) is None
        assert (await board(fake, world.alice, general)).ephemeral, "the board stays on"
    assert_clean(fake, caplog)


async def test_a_streak_grows_over_days_a_miss_is_forgiven_once_and_then_it_breaks(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, bob, general = world.fake, world.admin, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, features=REAL_FEATURES, clock=clock) as bot:
        first = await post_challenge(fake, bot, alice, general)  # day 0
        await share(fake, alice, first)
        clock.advance(timedelta(days=1))
        second = await post_challenge(fake, bot, bob, general)  # day 1
        await share(fake, bob, second)
        clock.advance(timedelta(days=1))
        third = await post_challenge(fake, bot, alice, general)  # day 2: nobody does it
        await fake.click(bob, third, button(third, NOT_TODAY))
        open_now = shown(await board(fake, alice, general))
        assert open_now[STREAK] == "2", "an open challenge never breaks the streak"
        assert open_now[FREEZE].startswith("Ready")

        clock.advance(timedelta(days=1))
        fourth = await post_challenge(fake, bot, alice, general)  # day 3: #3 is over
        await share(fake, alice, fourth)
        await share(fake, bob, fourth)
        seen = shown(await board(fake, alice, general))
        assert seen[STREAK] == "3\nForgiven: ❄️ #3", "the miss is forgiven and marked"
        assert seen[BEST] == "3"
        assert seen[FREEZE].startswith("Used lately"), "the next miss would not be forgiven"
        assert seen[TAKING] == "This week (the last 7 days): 2\nAll time: 2"
        assert f"<#{general.id}>" in seen["description"]
        assert shown(await board(fake, bob, general)) == seen, "the same board for everyone"
        in_thread = await board(fake, bob, await thread_of(fake, fourth))
        assert shown(in_thread) == seen, "a challenge's thread shows its channel's board"
        everything = repr(in_thread.data)
        for member in (alice, bob):
            assert str(member.id) not in everything and member.username not in everything

        clock.advance(timedelta(days=9))  # day 12: alice and bob took part over a week ago
        fifth = await post_challenge(fake, bot, ada, general)
        await share(fake, ada, fifth)
        later = shown(await board(fake, ada, general))
        assert later[STREAK] == "4\nForgiven: ❄️ #3"
        assert later[TAKING] == "This week (the last 7 days): 1\nAll time: 3"

        clock.advance(timedelta(days=1))
        await post_challenge(fake, bot, ada, general)  # #6: nobody
        clock.advance(timedelta(days=1))
        await post_challenge(fake, bot, ada, general)  # #7 ends #6, a miss too soon
        broken = shown(await board(fake, alice, general))
        assert broken[STREAK] == "0" and broken[BEST] == "4"
        assert "No streak right now" in broken["description"]
        assert broken[FREEZE].startswith("Once a streak is going")
    assert_clean(fake, caplog)


async def test_with_two_needed_one_completion_does_not_count_until_a_second_comes(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, features=REAL_FEATURES, clock=clock) as bot:
        await settings(fake, world.admin, general, streak_needs=2)
        post = await post_challenge(fake, bot, alice, general)
        await share(fake, alice, post)
        await fake.click(bob, post, button(post, NOT_TODAY))
        clock.advance(timedelta(hours=25))  # finished by the day passing, not by a new post
        alone = shown(await board(fake, alice, general))
        assert alone[STREAK] == "0" and alone[BEST] == "0", "one of two is not enough"
        assert "at least 2 different people" in alone["footer"]
        assert "Not today never counts" in alone["footer"]
        await share(fake, bob, post)  # late, through the old button
        together = shown(await board(fake, bob, general))
        assert together[STREAK] == "1", "a late completion still counts"
        assert together[TAKING] == "This week (the last 7 days): 2\nAll time: 2"
        second = await post_challenge(fake, bot, alice, general)
        await share(fake, alice, second)
        clock.advance(timedelta(hours=23))
        assert shown(await board(fake, alice, general))[STREAK] == "1", "#2 is still open"
        clock.advance(timedelta(hours=2))
        over = shown(await board(fake, alice, general))
        assert over[STREAK] == "1\nForgiven: ❄️ #2", "a day after its post, #2 is over"
    assert_clean(fake, caplog)


async def test_the_board_answers_clearly_when_off_or_when_there_were_no_challenges(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, general = world.fake, world.admin, world.alice, world.general
    daily = fake.channel(world.guild, "daily")
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        nothing = await board(fake, alice, daily)
        assert nothing.ephemeral and "No challenge has been posted" in nothing.content
        await settings(fake, ada, daily, streak_needs=2)
        still = await board(fake, alice, daily)
        assert "No challenge has been posted" in still.content, "settings are no challenge"
        post = await post_challenge(fake, bot, alice, general)
        await share(fake, alice, post)
        assert shown(await board(fake, alice, general))[STREAK] == "1"
        await settings(fake, ada, general, board="off")
        off = await board(fake, alice, general)
        assert off.ephemeral and "turned off" in off.content and not off.data.get("embeds")
        await settings(fake, ada, general, board="on")
        assert shown(await board(fake, alice, general))[STREAK] == "1", "nothing was lost"
    assert_clean(fake, caplog)


async def test_help_lists_the_board_for_everyone_and_the_settings_for_admins(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        shown = await (await fake.slash(world.alice, world.general, "help")).response()
        entries = repr(shown.data["embeds"])
        assert "/challenge board" in entries
        assert "/challenge settings channel [max_depth] [streak_needs] [board]` 🛡️" in entries
        assert "/challenge board` 🛡️" not in entries
    assert_clean(fake, caplog)


async def test_two_admins_changing_different_settings_at_once_keep_both(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, general = world.fake, world.general
    mod = fake.add_user("mo")
    fake.add_member(world.guild, mod, manage_guild=True)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        for round_ in range(5):
            depth, needs = 1 + round_ % 3, 2 + round_
            answers = await asyncio.gather(
                settings(fake, world.admin, general, max_depth=depth),
                settings(fake, mod, general, streak_needs=needs),
            )
            assert all(a.ephemeral and a.content.startswith("Saved") for a in answers)
            assert await channel_row(bot, general) == (depth, needs, 1), "neither is lost"
    assert_clean(fake, caplog)


async def test_settings_for_a_channel_of_another_server_are_refused(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        lounge = await join_another_server(fake, bot, world.alice)
        handle = await fake.slash(
            world.admin, world.general, "challenge settings", {"channel": lounge, "max_depth": 3}
        )
        refused = await handle.response()
        assert refused.ephemeral and "couldn't understand" in (refused.content or "")
        assert await channel_row(bot, lounge) is None
    assert_clean(fake, caplog)
