"""Every state-changing button of daily questions pressed twice at once (and by two admins
at once where admins act): the state changes once, whoever wins the race."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.app.client import Kindred
from bot.fakediscord import Message
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, eventually, running_kindred
from tests.e2e.questions_support import (
    answer,
    button,
    open_form,
    run,
    said,
    submit_form,
    thread_of,
)


def cog_of(bot: Kindred) -> Any:
    return bot.get_cog("Daily questions")


async def count(bot: Kindred, sql: str, *params: Any) -> int:
    return int(await bot.db.fetch_value(sql, params) or 0)


async def test_two_answer_forms_submitted_at_once_make_one_answer(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice = world.fake, world.admin, world.alice
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(ada, world.general, "question now")).message()
        thread = await thread_of(fake, post)
        forms = [await open_form(fake, alice, post, "kq:n:") for _ in range(2)]
        submitted = await asyncio.gather(*(submit_form(f, "Only once.") for f in forms))
        replies = sorted([await said(s) for s in submitted])
        assert "Posted in the thread" in replies[0] and "updated" in replies[1]
        await fake.settle()
        assert len(fake.messages(thread)) == 1
        assert await count(bot, "SELECT COUNT(*) FROM question_answers") == 1
    assert_clean(fake, caplog)


async def test_that_makes_sense_pressed_twice_at_once_counts_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, bob = world.fake, world.admin, world.alice, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(ada, world.general, "question now")).message()
        thread = await thread_of(fake, post)
        await answer(fake, alice, post, "Worth a 💛.")
        [theirs] = fake.messages(thread)
        valid = button(theirs, "kq:v:")
        presses = await asyncio.gather(*(fake.click(bob, theirs, valid) for _ in range(2)))
        replies = [await p.response() for p in presses]
        assert sum(1 for r in replies if "already said" in (r.content or "")) == 1
        assert await count(bot, "SELECT COUNT(*) FROM question_validations") == 1
        await fake.settle()
        assert fake.get_message(theirs.id).find_component(valid)["label"].endswith("· 1")
    assert_clean(fake, caplog)


async def _answered(world: World, bot: Kindred, *, anonymous: bool) -> tuple[Message, Message]:
    fake = world.fake
    post = await (await fake.slash(world.admin, world.general, "question now")).message()
    thread = await thread_of(fake, post)
    await answer(fake, world.bob, post, "Bob's words.", anonymous=anonymous)
    [theirs] = fake.messages(thread)
    return post, theirs


async def test_two_edit_forms_submitted_at_once_leave_one_answer_with_one_text(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, bob = world.fake, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        _post, theirs = await _answered(world, bot, anonymous=True)
        forms = [await open_form(fake, bob, theirs, "kq:e:") for _ in range(2)]
        texts = ("Edited once.", "Edited twice.")
        submitted = await asyncio.gather(
            *(submit_form(f, t) for f, t in zip(forms, texts, strict=True))
        )
        assert ["updated" in await said(s) for s in submitted] == [True, True]
        [row] = await bot.db.fetch_all("SELECT id, anonymous FROM question_answers")
        stored = await cog_of(bot).answers.get(int(row[0]))
        assert stored.text in texts and stored.anonymous
        shown = fake.get_message(theirs.id)
        assert shown is not None and shown.embeds[0]["author"]["name"] == "Anonymous"
    assert_clean(fake, caplog)


async def test_delete_pressed_twice_at_once_removes_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, bob = world.fake, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        _post, theirs = await _answered(world, bot, anonymous=False)
        delete = button(theirs, "kq:x:")
        presses = await asyncio.gather(*(fake.click(bob, theirs, delete) for _ in range(2)))
        replies = [(await p.response()).content or "" for p in presses]
        assert sum("removed" in r for r in replies) == 1
        assert sum("isn't here any more" in r for r in replies) == 1
        assert await count(bot, "SELECT COUNT(*) FROM question_answers") == 0
    assert_clean(fake, caplog)


async def test_two_admins_removing_one_anonymous_answer_give_one_offer_and_one_bar(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada = world.fake, world.admin
    mod = fake.add_user("mod")
    fake.add_member(world.guild, mod, manage_guild=True)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        _post, theirs = await _answered(world, bot, anonymous=True)
        delete = button(theirs, "kq:x:")
        presses = await asyncio.gather(
            fake.click(ada, theirs, delete), fake.click(mod, theirs, delete)
        )
        replies = [(await p.response()).content or "" for p in presses]
        assert sum("removed" in r for r in replies) == 1
        winner = next(p for p, r in zip(presses, replies, strict=True) if "removed" in r)
        offer = await winner.followup(0)
        bar = offer.custom_ids()[0]
        admin = ada if winner is presses[0] else mod
        bars = await asyncio.gather(fake.click(admin, offer, bar), fake.click(admin, offer, bar))
        await asyncio.gather(*(b.attempt() for b in bars))
        assert await count(bot, "SELECT COUNT(*) FROM question_anonymous_bars") == 1
        await fake.settle()
        loser = next(p for p, r in zip(presses, replies, strict=True) if "removed" not in r)
        assert loser.followups == [], "only the admin who removed it is offered the bar"
    assert_clean(fake, caplog)


async def test_ready_pressed_twice_at_once_counts_one_vote(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice = world.fake, world.alice
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post, _theirs = await _answered(world, bot, anonymous=False)
        ready = button(post, "kq:d:")
        presses = await asyncio.gather(*(fake.click(alice, post, ready) for _ in range(2)))
        replies = [(await p.response()).content or "" for p in presses]
        assert all("1 of 2 are ready" in r for r in replies), replies
        assert await count(bot, "SELECT COUNT(*) FROM question_ladder_votes") == 1
    assert_clean(fake, caplog)


async def test_last_ready_votes_at_once_go_one_level_deeper_announced_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post, _theirs = await _answered(world, bot, anonymous=False)
        ready = button(post, "kq:d:")
        await asyncio.gather(fake.click(alice, post, ready), fake.click(bob, post, ready))
        await fake.wait_for_message(general, lambda m: "depth 2" in m.content)
        await fake.settle()
        assert sum("depth 2" in m.content for m in fake.messages(general)) == 1
        state = await cog_of(bot).channels.state(general.id, world.guild.id)
        assert state.ladder_level == 2
    assert_clean(fake, caplog)


async def test_too_deep_pressed_at_once_steps_back_one_level_announced_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post, _theirs = await _answered(world, bot, anonymous=False)
        await cog_of(bot).channels.set_level(general.id, world.guild.id, 3)
        too_deep = button(post, "kq:t:")
        presses = await asyncio.gather(
            fake.click(alice, post, too_deep), fake.click(bob, post, too_deep)
        )
        assert [(await p.response()).ok for p in presses] == [True, True]
        await fake.wait_for_message(general, lambda m: "step back" in m.content)
        await fake.settle()
        assert sum("step back" in m.content for m in fake.messages(general)) == 1
        state = await cog_of(bot).channels.state(general.id, world.guild.id)
        assert state.ladder_level == 2
    assert_clean(fake, caplog)


async def _review_screen(world: World, admin: Any) -> Message:
    return await (await world.fake.slash(admin, world.general, "question review")).message()


@pytest.mark.parametrize("how", ["same admin twice", "two admins", "edit and approve"])
async def test_one_suggestion_decided_at_once_is_approved_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture, how: str
) -> None:
    fake, ada, alice = world.fake, world.admin, world.alice
    mod = fake.add_user("mod")
    fake.add_member(world.guild, mod, manage_guild=True)
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        text = "Which smell takes you straight back to being small?"
        await run(fake, alice, world.general, "question suggest", text=text, tell_me=True)
        mine = await _review_screen(world, ada)
        approve, _edit, _reject = mine.custom_ids()
        if how == "same admin twice":
            presses = [fake.click(ada, mine, approve), fake.click(ada, mine, approve)]
        elif how == "two admins":
            theirs = await _review_screen(world, mod)
            presses = [
                fake.click(ada, mine, approve),
                fake.click(mod, theirs, theirs.custom_ids()[0]),
            ]
        else:
            theirs = await _review_screen(world, mod)
            editing = await fake.click(mod, theirs, theirs.custom_ids()[1])
            [field] = (await editing.modal()).field_ids()
            presses = [
                fake.click(ada, mine, approve),
                editing.submit_modal({field: "Which smell takes you back to childhood?"}),
            ]
        await asyncio.gather(*presses)
        await eventually(lambda: _decided(bot), "the suggestion to be decided")
        await fake.wait_until(lambda: fake.messages(fake.dm_channel(alice)) != [], 5, "a DM")
        await fake.settle()
        assert await count(bot, "SELECT COUNT(*) FROM question_custom") == 1
        assert len(fake.messages(fake.dm_channel(alice))) == 1
    assert_clean(fake, caplog)


async def _decided(bot: Kindred) -> bool:
    return await count(bot, "SELECT COUNT(*) FROM question_suggestions") == 0


async def test_reject_pressed_twice_at_once_tells_the_suggester_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice = world.fake, world.admin, world.alice
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        text = "What would you name a boat if you owned one?"
        await run(fake, alice, world.general, "question suggest", text=text, tell_me=True)
        screen = await _review_screen(world, ada)
        reject = screen.custom_ids()[2]
        await asyncio.gather(*(fake.click(ada, screen, reject) for _ in range(2)))
        await eventually(lambda: _decided(bot), "the suggestion to be decided")
        await fake.wait_until(lambda: fake.messages(fake.dm_channel(alice)) != [], 5, "a DM")
        await fake.settle()
        assert len(fake.messages(fake.dm_channel(alice))) == 1
        assert await count(bot, "SELECT COUNT(*) FROM question_custom") == 0
    assert_clean(fake, caplog)
