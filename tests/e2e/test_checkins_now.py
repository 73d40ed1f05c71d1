"""/checkin now end to end: private where it is used, the whole flow on one message, each
step answered once, and every press checked (its member, its message, its step)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.app.content import content_root
from cogs.checkins.actions import Choice
from cogs.checkins.content import CheckinContent
from cogs.checkins.moods import Mood, Wish
from cogs.checkins.views import COG_NAME
from tests.e2e.checkin_support import (
    ALREADY,
    ELSEWHERE,
    FINISHED,
    NOT_YOURS,
    NOTE_QUESTION,
    QUESTION,
    UPDATE,
    WISH_QUESTION,
    checkin_id_of,
    checkin_now,
    choices_on,
    current,
    forge,
    press,
    press_all_at_once,
    rows,
    write_note,
)
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred

CONTENT = CheckinContent.from_data_dir(content_root())
MOODS = [Choice.VERY_LOW, Choice.LOW, Choice.OKAY, Choice.GOOD, Choice.VERY_GOOD, Choice.PASS]
WISHES = [Choice.LISTEN, Choice.ENCOURAGEMENT, Choice.SPACE, Choice.COMPANY, Choice.NOTHING]


def labels(message: object) -> list[str]:
    components = getattr(message, "components", [])
    return [b.get("label") for row in components for b in row["components"]]


async def test_the_full_flow_in_a_server_is_private_and_ends_in_validation(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    note = "Rough week at work, but my sister called."
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        asked = await checkin_now(fake, bot, alice, general)
        assert asked.ephemeral, "a check-in in a server is only for its member"
        assert choices_on(fake, asked) == MOODS
        assert labels(asked) == ["Very low", "Low", "Okay", "Good", "Very good", "Pass"]

        moved = await press(fake, alice, asked, Choice.LOW)
        assert moved.type == UPDATE
        assert WISH_QUESTION in current(fake, asked).content
        assert choices_on(fake, asked) == WISHES

        moved = await press(fake, alice, asked, Choice.LISTEN)
        assert moved.type == UPDATE
        assert NOTE_QUESTION in current(fake, asked).content
        assert "90 days" in current(fake, asked).content
        assert choices_on(fake, asked) == [Choice.ADD_NOTE, Choice.NO_NOTE]

        done = await write_note(fake, alice, asked, note)
        assert done.type == UPDATE
        final = current(fake, asked)
        assert final.content.startswith(CONTENT.reply(Mood.LOW, Wish.LISTEN))
        assert "sealed and kept for 90 days" in final.content
        assert final.custom_ids() == [], "nothing left to press"
        [row] = await rows(bot, alice)
        assert (row["mood"], row["wish"], row["passed"]) == ("low", "listen", 0)
        assert row["note_sealed"] and note not in row["note_sealed"], "sealed at rest"
        assert bot.vault.unseal(row["note_sealed"]) == note
        assert row["note_expires_at"] > row["answered_at"]
        assert row["finished_at"] is not None
    assert_clean(fake, caplog)


async def test_no_note_and_pass_end_kindly_and_pass_is_never_a_mood(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        first = await checkin_now(fake, bot, alice, general)
        await press(fake, alice, first, Choice.VERY_GOOD)
        await press(fake, alice, first, Choice.NOTHING)
        await press(fake, alice, first, Choice.NO_NOTE)
        assert current(fake, first).content == CONTENT.reply(Mood.VERY_GOOD, Wish.NOTHING)

        second = await checkin_now(fake, bot, alice, general)
        passed = await press(fake, alice, second, Choice.PASS)
        assert passed.type == UPDATE
        assert current(fake, second).content == CONTENT.pass_reply
        assert current(fake, second).custom_ids() == []
        good, skipped = await rows(bot, alice)
        assert (good["mood"], good["wish"], good["note_sealed"]) == ("very_good", "nothing", None)
        assert (skipped["mood"], skipped["passed"], skipped["wish"]) == (None, 1, None)
    assert_clean(fake, caplog)


async def test_two_presses_at_once_answer_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        asked = await checkin_now(fake, bot, alice, general)
        answers = await press_all_at_once(fake, alice, asked, [Choice.LOW, Choice.GOOD])
        moved = [a for a in answers if a.type == UPDATE]
        refused = [a for a in answers if a.type != UPDATE]
        assert len(moved) == 1 and len(refused) == 1
        assert refused[0].ephemeral and ALREADY in refused[0].content
        assert WISH_QUESTION in current(fake, asked).content

        answers = await press_all_at_once(fake, alice, asked, [Choice.SPACE, Choice.COMPANY])
        assert sorted(a.type == UPDATE for a in answers) == [False, True]
        answers = await press_all_at_once(fake, alice, asked, [Choice.NO_NOTE, Choice.NO_NOTE])
        assert sorted(a.type == UPDATE for a in answers) == [False, True]
        [refusal] = [a for a in answers if a.type != UPDATE]
        assert FINISHED in refusal.content
        [row] = await rows(bot, alice)
        assert row["mood"] in {"low", "good"} and row["wish"] in {"space", "company"}
    assert_clean(fake, caplog)


async def test_a_press_by_someone_else_or_from_another_message_changes_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        mine = await checkin_now(fake, bot, alice, general)
        other = await press(fake, bob, mine, Choice.VERY_LOW)
        assert other.ephemeral and NOT_YOURS in other.content

        theirs = await checkin_now(fake, bot, bob, general)
        forge(current(fake, theirs), checkin_id_of(mine))  # bob's client claims alice's id
        claimed = await press(fake, bob, theirs, Choice.VERY_LOW)
        assert claimed.ephemeral and NOT_YOURS in claimed.content

        second = await checkin_now(fake, bot, alice, general)
        forge(current(fake, second), checkin_id_of(mine))  # her own, from the wrong message
        elsewhere = await press(fake, alice, second, Choice.VERY_LOW)
        assert elsewhere.ephemeral and ELSEWHERE in elsewhere.content
        assert [r["mood"] for r in await rows(bot, alice)] == [None, None]
        assert QUESTION in current(fake, mine).content, "the real question is untouched"
    assert_clean(fake, caplog)


async def test_old_buttons_answer_kindly_at_every_step(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        asked = await checkin_now(fake, bot, alice, general)
        moods = copy.deepcopy(current(fake, asked).components)
        await press(fake, alice, asked, Choice.OKAY)
        wishes = copy.deepcopy(current(fake, asked).components)
        await press(fake, alice, asked, Choice.SPACE)
        notes = copy.deepcopy(current(fake, asked).components)
        await press(fake, alice, asked, Choice.NO_NOTE)

        stale = current(fake, asked)  # a client still showing an earlier step
        for components, choice in ((moods, Choice.GOOD), (wishes, Choice.LISTEN)):
            stale.components = copy.deepcopy(components)
            answer = await press(fake, alice, stale, choice)
            assert answer.ephemeral and FINISHED in answer.content
        stale.components = copy.deepcopy(notes)
        answer = await press(fake, alice, stale, Choice.ADD_NOTE)
        assert answer.ephemeral and FINISHED in answer.content
        [row] = await rows(bot, alice)
        assert (row["mood"], row["wish"], row["note_sealed"]) == ("okay", "space", None)

        await bot.db.execute("DELETE FROM checkins WHERE user_id = ?", (alice.id,))
        stale.components = copy.deepcopy(moods)
        gone = await press(fake, alice, stale, Choice.GOOD)
        assert gone.ephemeral and "isn't here any more" in gone.content
    assert_clean(fake, caplog)


async def test_checkin_now_in_the_bot_dm_is_a_plain_reply_with_the_same_flow(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice = world.fake, world.alice
    dm = fake.dm_channel(alice)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        asked = await checkin_now(fake, bot, alice, dm)
        assert not asked.ephemeral, "nobody else is in her DM with Kindred"
        assert asked.channel_id == dm.id
        await press(fake, alice, asked, Choice.GOOD)
        await press(fake, alice, asked, Choice.COMPANY)
        await press(fake, alice, asked, Choice.NO_NOTE)
        assert current(fake, asked).content == CONTENT.reply(Mood.GOOD, Wish.COMPANY)
        [row] = await rows(bot, alice)
        assert row["channel_id"] == dm.id and row["message_id"] == asked.id
    assert_clean(fake, caplog)


async def test_the_seams_for_sharing_and_care_are_asked_once_per_answered_checkin(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    asked_after: list[tuple[int | None, bool]] = []
    asked_sharing: list[str | None] = []

    async def after_answer(interaction: Any, checkin: Any) -> str:
        asked_after.append((interaction.user.id, checkin.passed))
        return "A line from the care part."

    async def offer_sharing(interaction: Any, checkin: Any) -> list[Any]:
        del interaction
        asked_sharing.append(checkin.mood.value)
        return [discord.ui.Button(label="Share", custom_id="ci-test:share")]

    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        cog = bot.get_cog(COG_NAME)
        monkeypatch.setattr(cog, "after_answer", after_answer)
        monkeypatch.setattr(cog, "offer_sharing", offer_sharing)
        asked = await checkin_now(fake, bot, alice, general)
        await press(fake, alice, asked, Choice.VERY_LOW)
        await press(fake, alice, asked, Choice.LISTEN)
        await press_all_at_once(fake, alice, asked, [Choice.NO_NOTE, Choice.NO_NOTE])
        final = current(fake, asked)
        assert final.content.endswith("A line from the care part.")
        assert final.custom_ids() == ["ci-test:share"]

        passed = await checkin_now(fake, bot, alice, general)
        await press(fake, alice, passed, Choice.PASS)
        assert current(fake, passed).custom_ids() == [], "a Pass shares nothing"
    assert asked_after == [(alice.id, False), (alice.id, True)], "once per check-in"
    assert asked_sharing == ["very_low"]
    assert_clean(fake, caplog)
