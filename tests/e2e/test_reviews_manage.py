"""/review history, /review stop and /mydata delete, end to end: history shows revealed rounds
only to the two of them, stopping tells the other kindly and deletes nothing, old buttons
answer kindly, and a member's deletion takes their answers and the letters that showed them,
telling the partner only that they are gone."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from datetime import timedelta
from pathlib import Path

import pytest

from bot.timing.clock import OffsetClock
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, eventually, running_kindred
from tests.e2e.questions_support import button
from tests.e2e.review_support import (
    ANSWER,
    FIRST_ROUND,
    START,
    accepted_review,
    answer_round,
    cog_of,
    count,
    dms,
    review_dms,
    round_time,
)
from tests.e2e.test_appreciation_attacks import delete_my_data
from tests.e2e.test_mydata import export_of


async def _is(value: Awaitable[int], expected: int) -> bool:
    return await value == expected


async def history(fake: object, user: object, where: object) -> object:
    return await (await fake.slash(user, where, "review history")).response()  # type: ignore[attr-defined]


async def test_history_shows_revealed_rounds_privately_and_only_to_the_two(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    carol = fake.add_user("carol")
    fake.add_member(world.guild, carol)
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await accepted_review(fake, alice, bob, general)
        alices, bobs = await round_time(fake, clock, alice, bob)
        await answer_round(fake, alice, alices, ("Alice's history line",))
        waiting = await history(fake, bob, general)
        assert waiting.ephemeral and "no answered reviews" in str(waiting.content), "not yet"
        await answer_round(fake, bob, bobs, ("Bob's history line",))
        await dms(fake, alice, 3)
        await dms(fake, bob, 3)
        for user in (alice, bob):
            shown = await history(fake, user, general)
            assert shown.ok and shown.ephemeral
            text = str(shown.data["embeds"])
            assert "Alice's history line" in text and "Bob's history line" in text
        other = await history(fake, carol, general)
        assert other.ephemeral and "history line" not in str(other.data)
        exported = json.dumps(await export_of(fake, alice, general))
        assert "Alice's history line" in exported and "Bob's history line" not in exported
    assert_clean(fake, caplog)


async def test_either_can_stop_the_other_is_told_kindly_and_nothing_is_deleted(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await accepted_review(fake, alice, bob, general)
        alices, bobs = await round_time(fake, clock, alice, bob)
        await answer_round(fake, bob, bobs)
        stopped = await (await fake.slash(alice, general, "review stop")).response()
        assert stopped.ephemeral and "stopped the reviews" in str(stopped.content)
        told = (await dms(fake, bob, 2))[-1]
        assert "paused your relationship reviews" in told.content
        assert "asks nothing of you" in told.content
        sealed = "SELECT COUNT(*) FROM review_answers WHERE reflections_sealed IS NOT NULL"
        assert await count(bot, sealed) == 1, "bob's answers are not deleted by a stop"
        # Old buttons answer kindly.
        for user, letter in ((alice, alices), (bob, bobs)):
            late = await (await fake.click(user, letter, button(letter, ANSWER))).response()
            assert late.ephemeral and "already closed" in str(late.content)
        again = await (await fake.slash(bob, general, "review stop")).response()
        assert again.ephemeral and "nothing to stop" in str(again.content)
        # No more rounds.
        clock.set(FIRST_ROUND + timedelta(days=7, minutes=1))
        await asyncio.sleep(0.3)
        await fake.settle()
        assert len(review_dms(fake, alice)) == 1 and len(review_dms(fake, bob)) == 2
    assert_clean(fake, caplog)


async def test_a_crash_after_a_stop_still_tells_the_partner_once_on_the_next_start(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stop commits with the word owed to the partner; a process that dies before the
    letter is queued leaves it owed, and the next start tells them, once."""
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)

    async def dies_before_telling() -> None:
        return None

    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await accepted_review(fake, alice, bob, general)
        monkeypatch.setattr(cog_of(bot), "tell_stops", dies_before_telling)
        stopped = await (await fake.slash(alice, general, "review stop")).response()
        assert stopped.ephemeral and "stopped the reviews" in str(stopped.content)
        await fake.settle()
        assert review_dms(fake, bob) == []
    for _ in range(2):
        async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
            told = (await dms(fake, bob, 1))[-1]
            assert "paused your relationship reviews" in told.content
            await fake.settle()
            assert len(review_dms(fake, bob)) == 1, "told once, however many starts"
            owed = "SELECT COUNT(*) FROM review_pairs WHERE stop_owed_to IS NOT NULL"
            assert await count(bot, owed) == 0
    assert_clean(fake, caplog)


async def test_a_deletion_takes_the_members_answers_and_tells_the_partner_only_they_are_gone(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await accepted_review(fake, alice, bob, general)
        alices, bobs = await round_time(fake, clock, alice, bob)
        await answer_round(fake, alice, alices, ("Alice wrote this to go.",))
        await answer_round(fake, bob, bobs, ("Bob keeps this.",))
        bobs_reveal = await dms(fake, bob, 3)
        assert "Alice wrote this to go." in str([m.embeds for m in bobs_reveal])
        await dms(fake, alice, 3)
        recorded = "SELECT COUNT(*) FROM review_answers WHERE own_message_id IS NOT NULL"
        await eventually(lambda: _is(count(bot, recorded), 2), "the reveal's messages recorded")

        await delete_my_data(fake, alice, general)
        notice = await fake.wait_until(
            lambda: next((m for m in review_dms(fake, bob) if "no longer kept" in m.content), None),
            5,
            "the note to bob",
        )
        assert f"<@{alice.id}>" not in notice.content and "Alice" not in notice.content
        await fake.wait_until(
            lambda: "Alice wrote" not in str([m.embeds for m in review_dms(fake, bob)]),
            5,
            "the reveal letter that showed alice's words to go",
        )
        assert "Bob keeps this." in str([m.embeds for m in review_dms(fake, bob)])
        assert (
            await count(bot, "SELECT COUNT(*) FROM review_answers WHERE user_id = ?", alice.id) == 0
        )
        assert await count(bot, "SELECT COUNT(*) FROM review_gone_notices") == 0, "sent once"
        mine = await history(fake, bob, general)
        assert "Bob keeps this." in str(mine.data) and "Alice wrote" not in str(mine.data)
        await fake.wait_until(
            lambda: "Alice wrote" not in str([m.embeds for m in review_dms(fake, alice)]),
            5,
            "the letter that showed alice her own words to go too",
        )
    assert_clean(fake, caplog)
