"""What notes and nudges tell delivery about whose words or whom they carry, end to end, and
that nudges and quiz buttons never act on the wrong member.

A letter's ``about`` lets delivery drop a waiting note or nudge when the member it carries
or names deletes their data; here it is read off every letter the feature hands over.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.outbound.letters import Letter, Outcome
from bot.timing.clock import OffsetClock
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.test_appreciation_attacks import SENT, delete_my_data, dms, note
from tests.e2e.test_lovelanguages import BEFORE_FIVE, PICKS_B, current, run, take_quiz


def spy_on_letters(bot: Any) -> list[Letter]:
    letters: list[Letter] = []
    send = bot.delivery.send

    async def spying(letter: Letter) -> Outcome:
        letters.append(letter)
        outcome: Outcome = await send(letter)
        return outcome

    bot.delivery.send = spying
    return letters


async def test_every_note_letter_names_its_sender_as_what_it_carries(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        letters = spy_on_letters(bot)
        await run(fake, alice, general, "boundaries set", notes="anyone")
        for anonymous in (True, False):
            assert SENT in await note(fake, bob, general, alice, anonymous=anonymous)
        await dms(fake, alice, 2)
    assert [letter.about for letter in letters] == [(bob.id,), (bob.id,)]
    assert_clean(fake, caplog)


async def test_nudges_name_their_subject_and_never_pick_a_member_who_deleted_their_data(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    carol = fake.add_user("carol")
    fake.add_member(world.guild, carol)
    clock = OffsetClock(BEFORE_FIVE - timedelta(hours=1))
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        cog: Any = bot.get_cog("Love languages")
        for user in (bob, carol):
            await take_quiz(fake, user, general, PICKS_B)
            await run(fake, user, general, "lovelanguage share")
        await run(fake, alice, general, "lovelanguage nudges on")
        letters = spy_on_letters(bot)
        assert await cog.send_nudges() == 1
        assert letters[-1].about == (bob.id,), "bob first: the lower id, never nudged about"
        # Delivered before bob deletes: a nudge about him still waiting would be dropped.
        await dms(fake, alice, 1)
        await delete_my_data(fake, bob, general)
        for week in range(1, 3):
            clock.advance(timedelta(days=7, minutes=1))
            assert await cog.send_nudges() == 1
            await dms(fake, alice, week + 1)
            assert letters[-1].about == (carol.id,), f"week {week}: never bob again"
            assert f"<@{carol.id}>" in letters[-1].content
    assert_clean(fake, caplog)


async def test_quiz_buttons_act_only_on_the_pressers_own_quiz(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        screen = await (
            await fake.slash(alice, general, "lovelanguage quiz", {"relationship": "friend"})
        ).message()
        for custom_id in ("kl:q:r:0:1", "kl:b:r:0"):
            if custom_id in current(fake, screen).custom_ids():
                try:
                    pressed = await fake.click(bob, screen, custom_id)
                except ValueError:  # Back is disabled on the first item
                    continue
                answer = await pressed.response()
                assert answer.ok and answer.ephemeral and "quiz" in answer.content.lower()
        assert await bot.db.fetch_value("SELECT answers FROM ll_quiz_progress") == "[]"
        assert await bot.db.fetch_value("SELECT COUNT(*) FROM ll_quiz_progress") == 1
    assert_clean(fake, caplog)
