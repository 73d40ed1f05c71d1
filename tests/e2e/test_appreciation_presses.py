"""Every state-changing love-language button pressed twice at once, end to end: a note's
Report and Block, and the quiz's answers. The state must come out as if pressed once."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.fakediscord import FakeDiscord, Message, User
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.test_appreciation_attacks import SENT, dms, note
from tests.e2e.test_lovelanguages import PICKS_A, answer_items, current, run


async def twice(fake: FakeDiscord, user: User, message: Message, *custom_ids: str) -> list[Any]:
    """Press these buttons of one message at the same moment; every press must be answered."""
    handles = await asyncio.gather(*(fake.click(user, message, c) for c in custom_ids))
    answers = await asyncio.gather(*(h.response() for h in handles))
    assert all(a.ok for a in answers), answers
    await fake.settle()
    return list(answers)


async def test_report_and_block_pressed_twice_at_once_report_and_block_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        await run(fake, alice, general, "boundaries set", notes="anyone")
        assert SENT in await note(fake, bob, general, alice, anonymous=True)
        [received] = await dms(fake, alice, 1)
        report = received.custom_ids()[0]
        await twice(fake, alice, received, report, report)
        assert (
            await bot.db.fetch_value("SELECT COUNT(*) FROM ll_notes WHERE reported_at IS NOT NULL")
            == 1
        )
        assert (
            await bot.db.fetch_value(
                "SELECT COUNT(*) FROM notices WHERE guild_id = ?", (world.guild.id,)
            )
            == 1
        ), "one notice to the admins"
        offers = (await dms(fake, alice, 3))[1:]
        assert all("nobody learns that" in o.content for o in offers)

        block = offers[0].custom_ids()[0]
        await twice(fake, alice, offers[0], block, block)
        assert "Blocked" in current(fake, offers[0]).content
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM ll_note_blocks") == 1
        assert "can't deliver a note" in await note(fake, bob, general, alice, anonymous=True)
    assert_clean(fake, caplog)


async def test_a_quiz_answer_pressed_twice_at_once_counts_once_and_skips_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        handle = await fake.slash(alice, general, "lovelanguage quiz", {"relationship": "friend"})
        screen = await handle.message()
        await twice(fake, alice, screen, "kl:q:r:0:0", "kl:q:r:0:1")
        screen = current(fake, screen)
        assert "question 2 of 30" in screen.embeds[0]["title"], "one answer, nothing skipped"
        progress = await bot.db.fetch_value("SELECT answers FROM ll_quiz_progress")
        assert progress is not None and progress.count('"') == 2, progress

        screen = await answer_items(fake, alice, screen, "receive", PICKS_A[1:29], start=1)
        assert "question 30 of 30" in screen.embeds[0]["title"]
        await twice(fake, alice, screen, "kl:q:r:29:0", "kl:q:r:29:1")
        assert "Done!" in current(fake, screen).content
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM ll_results") == 1, "one result"
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM ll_quiz_progress") == 0

        screen = current(fake, screen)
        give = next(c for c in screen.custom_ids() if c.startswith("kl:s:give"))
        await twice(fake, alice, screen, give, give)
        screen = current(fake, screen)
        assert "Part 2 · question 1 of 15" in screen.embeds[0]["title"]
        screen = await answer_items(fake, alice, screen, "give", [0] * 14)
        await twice(fake, alice, screen, "kl:q:g:14:0", "kl:q:g:14:1")
        assert "All done" in current(fake, screen).content
        rows = await bot.db.fetch_all("SELECT give FROM ll_results")
        assert len(rows) == 1 and rows[0][0] is not None
    assert_clean(fake, caplog)
