"""The relationship review as two partners live it, end to end through the fake Discord:
the invitation, the round's letters at the time, both answering, the reveal to both."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.timing.clock import OffsetClock
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.review_support import START, accepted_review, answer_round, dms, round_time


async def test_both_answer_and_both_see_both(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await accepted_review(fake, alice, bob, general)
        alices, bobs = await round_time(fake, clock, alice, bob)
        said = await answer_round(fake, alice, alices, ("Alice thanks Bob.",))
        assert "saved" in said
        said = await answer_round(fake, bob, bobs, ("Bob thanks Alice.",))
        for user in (alice, bob):
            received = await dms(fake, user, 3)
            text = str([m.embeds for m in received])
            assert "Alice thanks Bob." in text and "Bob thanks Alice." in text
    assert_clean(fake, caplog)
