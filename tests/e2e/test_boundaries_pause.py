"""/boundaries pause and resume end to end: private answers, bad days refused, DMs held and
delivered after, out of buddy rounds and back, and a pause that outlives a restart."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.fakediscord import Channel, FakeDiscord, User
from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from tests.e2e.challenge_support import FREEZE, STREAK, board, post_challenge, share
from tests.e2e.challenge_support import shown as board_shown
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, eventually, running_kindred
from tests.e2e.pairs_support import groups_of_round, join, more_members, pair_now_later

START = datetime(2026, 6, 2, 10, 0, 5, tzinfo=UTC)


async def say(fake: FakeDiscord, user: User, channel: Channel, command: str, **options: Any) -> Any:
    handle = await fake.slash(user, channel, command, options)
    response = await handle.response()
    assert response.ok
    assert response.ephemeral, f"/{command} must answer privately"
    return response


def dms(fake: FakeDiscord, user: User) -> list[str]:
    return [m.content for m in fake.messages(fake.dm_channel(user))]


def shown(response: Any) -> dict[str, str]:
    [embed] = response.data["embeds"]
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


async def pause_row(db_path: Path, user_id: int) -> list[tuple[Any, ...]]:
    db = await Database.open(db_path)
    try:
        rows = await db.fetch_all(
            "SELECT paused_from, paused_until FROM member_boundaries WHERE user_id = ?",
            (user_id,),
        )
    finally:
        await db.close()
    return [tuple(row) for row in rows]


async def test_pause_and_resume_answer_privately_and_show_shows_the_pause(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        paused = await say(fake, alice, general, "boundaries pause", days=7)
        assert paused.content.startswith("Paused until <t:")  # shown in alice's own clock
        stamp = int(paused.content.removeprefix("Paused until <t:").split(":")[0])
        assert abs(stamp - (START + timedelta(days=7)).timestamp()) < 60
        assert "Paused" in shown(await say(fake, alice, general, "boundaries show"))

        resumed = await say(fake, alice, general, "boundaries resume")
        assert resumed.content.startswith("Welcome back")
        assert "Nothing was waiting" in resumed.content
        assert "Paused" not in shown(await say(fake, alice, general, "boundaries show"))

        again = await say(fake, alice, general, "boundaries resume")
        assert again.content.startswith("You're not paused")
        never = await say(fake, world.bob, general, "boundaries resume")
        assert never.content.startswith("You're not paused")
    assert await pause_row(db_path, world.bob.id) == [], "resuming nothing saves nothing"
    assert_clean(fake, caplog)


@pytest.mark.parametrize("days", [0, 31, -3])
async def test_a_pause_outside_one_to_thirty_days_is_refused_and_saves_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture, days: int
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        refused = await say(fake, alice, general, "boundaries pause", days=days)
        assert "**days**" in refused.content, "the member is told which option was wrong"
    assert await pause_row(db_path, alice.id) == []
    assert_clean(fake, caplog)


async def test_a_dm_during_a_pause_is_held_across_a_restart_and_arrives_after_it(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    end = START + timedelta(days=2)
    async with running_kindred(world, db_path, clock=clock):
        await say(fake, alice, general, "probe-dms", on=True)
        await say(fake, alice, general, "boundaries pause", days=2)
        assert (await say(fake, bob, general, "probe-poke", member=alice)).content == "poke held"
        await fake.settle()
        assert dms(fake, alice) == [], "nothing reaches a paused member"

    clock.set(end - timedelta(seconds=2))  # the bot was down for most of the pause
    async with running_kindred(world, db_path, clock=clock):
        assert "Paused" in shown(await say(fake, alice, general, "boundaries show"))
        await fake.settle()
        assert dms(fake, alice) == [], "still paused for two more seconds"
        await fake.wait_until(lambda: len(dms(fake, alice)) >= 1, 10, "the held DM")
        await fake.settle()
        assert "Paused" not in shown(await say(fake, alice, general, "boundaries show"))
    assert dms(fake, alice) == ["A poke for you (depth 1)"], "held, never dropped or doubled"
    assert_clean(fake, caplog)


async def test_resuming_early_delivers_what_the_pause_held(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock):
        await say(fake, alice, general, "probe-dms", on=True)
        await say(fake, alice, general, "boundaries pause", days=30)
        await say(fake, bob, general, "probe-poke", member=alice)
        await say(fake, bob, general, "probe-poke", member=alice, depth=2)
        clock.advance(timedelta(days=1))
        await fake.settle()
        assert dms(fake, alice) == []
        resumed = await say(fake, alice, general, "boundaries resume")
        assert "The 2 DM(s) I held for you are on their way" in resumed.content
        await fake.wait_until(lambda: len(dms(fake, alice)) >= 2, 10, "the held DMs")
        await fake.settle()
    assert sorted(dms(fake, alice)) == ["A poke for you (depth 1)", "A poke for you (depth 2)"]
    assert_clean(fake, caplog)


async def test_a_paused_member_is_left_out_of_buddy_rounds_and_back_after(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    [carol] = more_members(world, "carol")
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        for user in (alice, bob, carol):
            await join(fake, user, general)
        await say(fake, carol, general, "boundaries pause", days=3)
        assert "1 group(s)" in await pair_now_later(fake, world.admin, general, clock)
        paired = {m for g in await groups_of_round(bot) for m in g.members}
        assert paired == {alice.id, bob.id}, "carol is paused"

        clock.advance(timedelta(days=3))  # the pause is over
        assert "1 group(s)" in await pair_now_later(fake, world.admin, general, clock)
        paired = {m for g in await groups_of_round(bot) for m in g.members}
        assert paired == {alice.id, bob.id, carol.id}, "carol is back"
    assert_clean(fake, caplog)


async def test_mydata_exports_the_pause_and_delete_removes_it(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await say(fake, alice, general, "boundaries pause", days=5)
        exported = await fake.slash(alice, general, "mydata export")
        await exported.response()
        [attachment] = (await exported.followup(0)).attachments
        mine = json.loads(attachment.data)["data"]["boundaries"]
        assert str(mine["paused_until"]).startswith("2026-06-07T10:00:")
        assert str(mine["paused_from"]).startswith("2026-06-02T10:00:0")

        asked = await fake.slash(alice, general, "mydata delete")
        await asked.response()
        prompt = await asked.message()
        confirm = await fake.click(alice, prompt, prompt.custom_ids()[0])
        await confirm.response()

        async def forgotten() -> bool:
            return (await bot.members.get(alice.id)).paused_until is None

        await eventually(forgotten, "alice's pause to be deleted")
    assert await pause_row(db_path, alice.id) == []
    assert_clean(fake, caplog)


async def test_challenges_missed_while_a_member_who_takes_part_was_paused_never_break_the_streak(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, general = world.fake, world.admin, world.alice, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, features=REAL_FEATURES, clock=clock) as bot:
        for _ in range(2):  # alice does the first two
            await share(fake, alice, await post_challenge(fake, bot, ada, general))
            clock.advance(timedelta(days=1))
        await say(fake, alice, general, "boundaries pause", days=30)
        for _ in range(2):  # two missed while she is away: a freeze, then a break, unpaused
            await post_challenge(fake, bot, ada, general)
            clock.advance(timedelta(days=1))
        await say(fake, alice, general, "boundaries resume")
        await share(fake, alice, await post_challenge(fake, bot, ada, general))

        seen = board_shown(await board(fake, ada, general))
        assert seen[STREAK] == "3", "the misses of her pause are left out, not counted against"
        assert seen[FREEZE].startswith("Ready"), "and they used up no freeze"

        clock.advance(timedelta(days=1))
        await post_challenge(fake, bot, ada, general)  # missed, nobody paused: a freeze
        clock.advance(timedelta(days=1))
        await share(fake, alice, await post_challenge(fake, bot, ada, general))
        after = board_shown(await board(fake, ada, general))
        assert after[STREAK] == "4\nForgiven: ❄️ #6", "a miss after the pause counts as ever"
    assert_clean(fake, caplog)
