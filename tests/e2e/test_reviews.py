"""The relationship review as two partners live it, end to end through the fake Discord: the
round's letters at the time and once across restarts, both answering and both seeing both,
Help me phrase it, an answer kept for a retry, the reminder and the closing."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from bot.timing.clock import OffsetClock
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import button
from tests.e2e.review_support import (
    ANSWER,
    FIRST_ROUND,
    GOOD_REFLECTIONS,
    HELP,
    START,
    accepted_review,
    answer_round,
    cog_of,
    count,
    dms,
    review_dms,
    round_time,
    submit_form,
)


def embed_text(message: object) -> str:
    return str(getattr(message, "embeds", []))


async def test_both_answer_and_both_see_both(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await accepted_review(fake, alice, bob, general)
        alices, bobs = await round_time(fake, clock, alice, bob)
        assert "Your review with" in embed_text(alices)
        said = await answer_round(fake, alice, alices, ("Alice thanks Bob.", "And for the walk."))
        assert "saved and sealed" in said
        said = await answer_round(fake, bob, bobs, ("Bob thanks Alice.",))
        assert "both answered" in said
        for user, own, theirs in (
            (alice, "Alice thanks", "Bob thanks"),
            (bob, "Bob thanks", "Alice thanks"),
        ):
            letter, yours, partners = (await dms(fake, user, 3))[-3:]
            assert "together" in letter.content or "together" in yours.content
            assert own in embed_text(yours) and theirs not in embed_text(yours)
            assert theirs in embed_text(partners) and "What you shared" not in embed_text(partners)
            assert GOOD_REFLECTIONS[1] in embed_text(partners)
        await fake.settle()
        assert len(review_dms(fake, alice)) == 3 and len(review_dms(fake, bob)) == 3
    assert_clean(fake, caplog)


async def test_the_round_comes_at_its_time_once_across_restarts(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await accepted_review(fake, alice, bob, general)
        clock.set(FIRST_ROUND - timedelta(minutes=1))
        await asyncio.sleep(0.3)
        await fake.settle()
        assert review_dms(fake, alice) == [] and review_dms(fake, bob) == [], "not before"
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await round_time(fake, clock, alice, bob)
        assert await count(bot, "SELECT COUNT(*) FROM review_rounds") == 1
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        clock.advance(timedelta(minutes=5))
        await asyncio.sleep(0.3)
        await fake.settle()
        assert await count(bot, "SELECT COUNT(*) FROM review_rounds") == 1
    assert len(review_dms(fake, alice)) == 1 and len(review_dms(fake, bob)) == 1
    assert_clean(fake, caplog)


async def test_help_me_phrase_it_shows_the_pattern_and_an_example_privately(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await accepted_review(fake, alice, bob, general)
        alices, _ = await round_time(fake, clock, alice, bob)
        answer = await (await fake.click(alice, alices, button(alices, HELP))).response()
        assert answer.ok and answer.ephemeral
        [embed] = answer.data["embeds"]
        assert "I felt" in embed["description"] and "I'd love" in embed["description"]
        assert "when" in embed["description"]
        # After the appreciations, the next step offers the help beside the second form.
        saved = await (await submit_form(fake, alice, alices, ["Thanks!"])).message()
        assert any(c.startswith(HELP) for c in saved.custom_ids())
        assert any(c.startswith(ANSWER) for c in saved.custom_ids())
    assert_clean(fake, caplog)


async def test_a_reflection_without_its_shape_is_refused_kindly_and_kept_for_the_retry(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await accepted_review(fake, alice, bob, general)
        alices, _ = await round_time(fake, clock, alice, bob)
        empty = await (await submit_form(fake, alice, alices, ["", "", ""])).response()
        assert empty.ephemeral and "at least one appreciation" in str(empty.content)
        saved = await (await submit_form(fake, alice, alices, ["Thanks!"])).message()
        shapeless = ("A good week.", "You are always late.", "A hug.")
        refused = await submit_form(fake, alice, saved, shapeless)
        answer = await refused.response()
        assert answer.ephemeral and "I felt" in str(answer.content)
        assert "how you felt" in str(answer.content) and "what you'd love" in str(answer.content)
        sealed = "SELECT COUNT(*) FROM review_answers WHERE reflections_sealed IS NOT NULL"
        assert await count(bot, sealed) == 0, "nothing saved"
        retry = await refused.message()
        again = await fake.click(alice, retry, button(retry, ANSWER))
        modal = await again.modal()
        defaults = [c["components"][0].get("value") for c in modal.components]
        assert defaults == list(shapeless), "what she typed is shown again"
        fixed = dict(zip(modal.field_ids(), GOOD_REFLECTIONS, strict=True))
        done = await (await again.submit_modal(fixed)).response()
        assert "saved and sealed" in str(done.content)
        assert await count(bot, sealed) == 1
    assert_clean(fake, caplog)


async def test_one_reminder_after_a_day_only_to_the_partner_who_has_not_answered(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        await accepted_review(fake, alice, bob, general)
        alices, _ = await round_time(fake, clock, alice, bob)
        await answer_round(fake, alice, alices)
        clock.set(FIRST_ROUND + timedelta(hours=23))
        await asyncio.sleep(0.2)
        await fake.settle()
        assert len(review_dms(fake, bob)) == 1, "not before a day"
        clock.set(FIRST_ROUND + timedelta(hours=24, minutes=1))
        reminder = (await dms(fake, bob, 2))[-1]
        assert "gentle nudge" in reminder.content
        assert any(c.startswith(ANSWER) for c in reminder.custom_ids())
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        clock.set(FIRST_ROUND + timedelta(hours=30))
        await asyncio.sleep(0.3)
        await fake.settle()
    assert len(review_dms(fake, bob)) == 2, "once, across a restart"
    assert len(review_dms(fake, alice)) == 1, "alice answered: no nudge"
    assert_clean(fake, caplog)


async def test_a_round_unanswered_for_a_week_closes_as_not_this_time_for_both_without_blame(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        await accepted_review(fake, alice, bob, general)
        alices, bobs = await round_time(fake, clock, alice, bob)
        await answer_round(fake, alice, alices, ("Only alice answered this.",))
        await (await submit_form(fake, bob, bobs, ["", ""])).response()  # kept for a retry
        assert len(cog_of(bot).retries) == 1
        clock.set(FIRST_ROUND + timedelta(days=7) - timedelta(minutes=30))
        await dms(fake, bob, 2)  # the reminder
        clock.set(FIRST_ROUND + timedelta(days=7) + timedelta(seconds=2))
        # Each is told once that it closed, and the next week's round opens.
        closed_a = [m for m in await dms(fake, alice, 3) if "not this time" in m.content]
        closed_b = [m for m in await dms(fake, bob, 4) if "not this time" in m.content]
        assert len(closed_a) == 1 and len(closed_b) == 1
        assert len(review_dms(fake, alice)) == 3 and len(review_dms(fake, bob)) == 4
        assert closed_a[0].content.replace(f"<@{bob.id}>", "X") == closed_b[0].content.replace(
            f"<@{alice.id}>", "X"
        ), "the same words to both: nobody is named as the one who didn't answer"
        assert cog_of(bot).retries == {}, "nothing typed is kept for a closed round"
        states = await bot.db.fetch_all("SELECT state FROM review_rounds ORDER BY id")
        assert [row["state"] for row in states] == ["not_this_time", "open"]
        everything = str([m.embeds for m in review_dms(fake, bob)]) + str(
            [m.content for m in review_dms(fake, bob)]
        )
        assert "Only alice answered this." not in everything
        late = await fake.click(alice, alices, button(alices, ANSWER))
        assert "already closed" in str((await late.response()).content)
    assert_clean(fake, caplog)


async def test_a_crash_after_the_last_answer_still_reveals_to_both_on_the_next_start(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last answer is saved and the round revealed in one transaction; the reveal's
    letters go after. A process that dies in between (here: telling never happens) leaves
    the round owed, and the next start tells both, once."""
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    clock = OffsetClock(START)

    async def dies_before_telling() -> None:
        return None

    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        monkeypatch.setattr(cog_of(bot), "tell_closed", dies_before_telling)
        await accepted_review(fake, alice, bob, general)
        alices, bobs = await round_time(fake, clock, alice, bob)
        await answer_round(fake, alice, alices, ("Alice thanks Bob.",))
        await answer_round(fake, bob, bobs, ("Bob thanks Alice.",))
        await fake.settle()
        assert len(review_dms(fake, alice)) == 1 and len(review_dms(fake, bob)) == 1
        assert await count(bot, "SELECT COUNT(*) FROM review_rounds WHERE told_at IS NULL") == 1
    for _ in range(2):  # and a second start tells nobody again
        async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
            for user, theirs in ((alice, "Bob thanks"), (bob, "Alice thanks")):
                *_, partners = await dms(fake, user, 3)
                assert theirs in embed_text(partners)
            await fake.settle()
            assert len(review_dms(fake, alice)) == 3 and len(review_dms(fake, bob)) == 3
            assert await count(bot, "SELECT COUNT(*) FROM review_rounds WHERE told_at IS NULL") == 0
    assert_clean(fake, caplog)
