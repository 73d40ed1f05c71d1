"""/question end to end, answers and suggestions: named and anonymous answers, validation,
the depth ladder, buttons after a restart, admin removal and bars, the suggestion queue and
review, and answers in /mydata. The real Kindred and discord.py against the local fake."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.timing.clock import OffsetClock
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, eventually, running_kindred

# 2 June 2026, London is on BST (UTC+1): 09:00 London = 08:00 UTC.
from tests.e2e.questions_support import (
    BEFORE_NINE,
    answer,
    button,
    run,
    thread_of,
)


async def test_answers_named_and_anonymous_validation_and_the_depth_ladder(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, bob = world.fake, world.admin, world.alice, world.bob
    general = world.general
    caplog.set_level(logging.DEBUG)
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        posted = await fake.slash(alice, general, "question now")
        post = await posted.message()
        thread = await thread_of(fake, post)

        assert "Posted in the thread" in (await answer(fake, alice, post, "Morning walks.")).content
        await answer(fake, bob, post, "I sing in the car when nobody's listening.", anonymous=True)
        await answer(fake, ada, post, "A good cup of tea.")
        answers = fake.messages(thread)
        authors = [m.embeds[0]["author"]["name"] for m in answers]
        assert authors == ["alice", "Anonymous", "ada"]
        anonymous = answers[1]
        everything = repr([(m.content, m.embeds, m.components) for m in fake.messages(thread)])
        assert "bob" not in everything.lower() and str(bob.id) not in everything
        logged = "\n".join(
            r.getMessage() for r in caplog.records if r.name.startswith(("bot", "cogs"))
        )
        assert str(bob.id) not in logged and "sing in the car" not in logged

        again = await fake.click(alice, post, button(post, "kq:n:"))
        assert "already answered this one with your name" in (await again.response()).content

        valid = button(anonymous, "kq:v:")
        pressed = await fake.click(alice, anonymous, valid)
        assert (await pressed.response()).ok
        refreshed = fake.get_message(anonymous.id)
        assert refreshed is not None
        assert refreshed.find_component(valid)["label"] == "That makes sense · 1"
        twice = await fake.click(alice, refreshed, valid)
        assert "already said" in (await twice.response()).content
        own = await fake.click(bob, refreshed, valid)
        assert "your own answer" in (await own.response()).content
        await (await fake.click(ada, refreshed, valid)).response()
        assert fake.get_message(anonymous.id).find_component(valid)["label"].endswith("· 2")

        for member in (alice, bob):
            ready = await fake.click(member, post, button(post, "kq:d:"))
            assert "of 3 are ready" in (await ready.response()).content
        last = await fake.click(ada, post, button(post, "kq:d:"))
        assert "last ready vote" in (await last.response()).content
        await fake.wait_for_message(general, lambda m: "depth 2" in m.content)
        lower = await fake.click(bob, post, button(post, "kq:t:"))
        assert "nobody knows it was you" in (await lower.response()).content
        note = await fake.wait_for_message(general, lambda m: "step back to depth 1" in m.content)
        assert "bob" not in note.content.lower()
    assert_clean(fake, caplog)


async def test_a_suggestion_too_close_to_a_question_is_refused_another_approved_then_asked(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, general = world.fake, world.admin, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        cog: Any = bot.get_cog("Daily questions")
        shipped = cog.bank[0].text
        close = await run(fake, alice, general, "question suggest", text=shipped.upper())
        assert "very close to a question already here" in close.content
        assert shipped in close.content

        mine = "Which song would you choose as the soundtrack of this week, and why?"
        queued = await run(
            fake, alice, general, "question suggest", text=mine, category="fun", tell_me=True
        )
        assert "I'll DM you when they decide" in queued.content
        again = await run(fake, world.bob, general, "question suggest", text=mine + " ")
        assert "very close" in again.content, "a pending suggestion counts too"

        review = await fake.slash(ada, general, "question review")
        screen = await review.message()
        assert screen.embeds[0]["description"] == mine
        approve, _edit, _reject = screen.custom_ids()
        approved = await fake.click(ada, screen, approve)
        assert (await approved.response()).ok
        await fake.wait_until(
            lambda: "No suggestions are waiting" in (fake.get_message(screen.id) or screen).content,
            5,
            "the empty queue",
        )
        await fake.wait_until(lambda: len(fake.messages(fake.dm_channel(alice))) >= 1, 5, "a DM")
        [dm] = fake.messages(fake.dm_channel(alice))
        assert "was approved" in dm.content

        cog.bank = []  # only the server's own question is left to ask
        asked = await fake.slash(alice, general, "question now")
        post = await asked.message()
        await thread_of(fake, post)
        assert post.embeds[0]["description"] == mine
        assert "Fun" in repr(post.embeds[0]["fields"])
    assert_clean(fake, caplog)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@everyone", "only mentions"),
        ("\u200b \u200d", "empty"),
        ("Why?", "a bit short"),
        ("What " + "really " * 40 + "matters?", "the limit is 200"),
    ],
)
async def test_a_bad_suggestion_is_refused_and_saves_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture, text: str, expected: str
) -> None:
    fake = world.fake
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        refused = await run(fake, world.alice, world.general, "question suggest", text=text)
        assert refused.ephemeral and expected in refused.content
        assert await bot.db.fetch_all("SELECT * FROM question_suggestions") == []
    assert_clean(fake, caplog)


async def test_buttons_keep_working_after_a_restart_and_close_when_too_old(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        post = await (await fake.slash(alice, general, "question now")).message()
        await thread_of(fake, post)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        reply = await answer(fake, alice, post, "Still here after the restart.")
        assert "Posted in the thread" in reply.content
        today = await run(fake, alice, general, "question today")
        assert "Today's question, #1" in today.content and str(post.id) in today.content
        clock.advance(timedelta(days=8))
        late = await fake.click(alice, post, button(post, "kq:a:"))
        assert "more than a week old" in (await late.response()).content
    assert_clean(fake, caplog)


async def test_anonymous_authors_can_delete_and_admins_can_bar_without_learning_who(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, bob, general = world.fake, world.admin, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        post = await (await fake.slash(ada, general, "question now")).message()
        thread = await thread_of(fake, post)
        await answer(fake, alice, post, "Mine, and I'll take it back.", anonymous=True)
        [mine] = fake.messages(thread)
        not_yours = await fake.click(bob, mine, button(mine, "kq:x:"))
        assert "Only the person who wrote" in (await not_yours.response()).content
        deleted = await fake.click(alice, mine, button(mine, "kq:x:"))
        assert (await deleted.response()).ok
        assert fake.get_message(mine.id).embeds == []

        await answer(fake, bob, post, "Something against the rules.", anonymous=True)
        theirs = fake.messages(thread)[-1]
        removed = await fake.click(ada, theirs, button(theirs, "kq:x:"))
        await removed.response()
        offer = await removed.followup(0)
        assert offer.ephemeral and "You won't learn who it was" in offer.content
        assert "bob" not in repr((offer.content, offer.components)).lower()
        assert str(bob.id) not in repr((offer.content, offer.components))
        barred = await fake.click(ada, offer, offer.custom_ids()[0])
        assert (await barred.response()).ok

        second = await (await fake.slash(ada, general, "question now", {})).response()
        assert "A question was posted here a moment ago" in second.content
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        refused = await fake.click(bob, post, button(post, "kq:n:"))
        assert "can't answer anonymously in this server" in (await refused.response()).content
        named = await answer(fake, bob, post, "Fair enough, with my name then.")
        assert "Posted" in named.content
    assert_clean(fake, caplog)


async def test_admins_add_remove_and_review_with_edit_and_reject(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, bob, general = world.fake, world.admin, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        members_only = await run(
            fake, alice, general, "question add", text="Anything?", category="fun", depth=1
        )
        assert "Manage Server" in members_only.content
        added = await run(
            fake, ada, general, "question add",
            text="What is the best meal you have ever cooked for friends?", category="fun", depth=1,
        )  # fmt: skip
        assert "server's question #" in added.content
        choices = await (
            await fake.autocomplete(
                ada, general, "question remove", {"question": "meal"}, focused="question"
            )
        ).choices()
        [choice] = choices
        removed = await run(fake, ada, general, "question remove", question=choice["value"])
        assert "won't be asked again" in removed.content
        unknown = await run(fake, ada, general, "question remove", question=choice["value"])
        assert "isn't one of this server's own questions" in unknown.content

        await run(
            fake,
            alice,
            general,
            "question suggest",
            text="Which smell takes you straight back to being small?",
        )
        await run(
            fake,
            bob,
            general,
            "question suggest",
            text="What would you name a boat if you owned one?",
            tell_me=True,
        )
        review = await fake.slash(ada, general, "question review")
        screen = await review.message()
        _approve, edit, _reject = screen.custom_ids()
        editing = await fake.click(ada, screen, edit)
        modal = await editing.modal()
        [field] = modal.field_ids()
        await editing.submit_modal({field: "Which smell takes you straight back to childhood?"})
        await fake.wait_until(
            lambda: "boat" in repr((fake.get_message(screen.id) or screen).embeds),
            5,
            "the next suggestion",
        )
        screen = fake.get_message(screen.id) or screen
        _approve, _edit, reject = screen.custom_ids()
        await (await fake.click(ada, screen, reject)).response()
        await fake.wait_until(lambda: len(fake.messages(fake.dm_channel(bob))) >= 1, 5, "bob's DM")
        assert "wasn't added this time" in fake.messages(fake.dm_channel(bob))[0].content
        assert fake.messages(fake.dm_channel(alice)) == [], "alice did not ask to be told"
        cog: Any = bot.get_cog("Daily questions")
        texts = [q.text for q in await cog.own_questions.custom_questions(world.guild.id)]
        assert texts == ["Which smell takes you straight back to childhood?"]
    assert_clean(fake, caplog)


async def test_answers_are_in_mydata_export_and_go_with_mydata_delete(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(bob, general, "question now")).message()
        thread = await thread_of(fake, post)
        await answer(fake, alice, post, "Quietly proud of this one.", anonymous=True)
        await answer(fake, bob, post, "Bob stays.")
        alices = fake.messages(thread)[0]
        exported = await fake.slash(alice, general, "mydata export")
        await exported.response()
        [attachment] = (await exported.followup(0)).attachments
        assert b"Quietly proud of this one." in attachment.data
        assert b"Bob stays." not in attachment.data

        confirm = await fake.slash(alice, general, "mydata delete")
        prompt = await confirm.message()
        await (await fake.click(alice, prompt, prompt.custom_ids()[0])).response()

        async def gone() -> bool:
            message = fake.get_message(alices.id)
            return message is None or message.deleted

        await eventually(gone, "alice's answer post to be deleted")
        assert [m.embeds[0]["description"] for m in fake.messages(thread)] == ["Bob stays."]
        rows = await bot.db.fetch_all(
            "SELECT * FROM question_answers WHERE user_id = ?", (alice.id,)
        )
        assert rows == []
    assert_clean(fake, caplog)
