"""A press acts only on the row it was made for: ids are never reused, and every button and
form checks that its row belongs to the server, channel and message it came from.

The attack: a server's question data is purged (30 days after it removed Kindred, or it
comes back later) while its old posts and answers, buttons and all, stay in Discord. New
rows elsewhere must never answer to those old buttons.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import (
    answer,
    button,
    join_another_server,
    open_form,
    purge_server,
    said,
    submit_form,
    thread_of,
)

REFUSALS = ("can't find that question", "doesn't belong to anything here")
ANSWER_REFUSALS = ("isn't here any more", "doesn't belong to anything here")


async def test_an_old_post_of_a_purged_server_cannot_answer_in_another_servers_thread(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, bob = world.fake, world.admin, world.alice, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        old_post = await (await fake.slash(ada, world.general, "question now")).message()
        await thread_of(fake, old_post)
        lounge = await join_another_server(fake, bot, bob)
        await purge_server(bot, world.guild.id)
        new_post = await (await fake.slash(bob, lounge, "question now")).message()
        new_thread = await thread_of(fake, new_post)

        pressed = await fake.click(alice, old_post, button(old_post, "kq:n:"))
        refused = await pressed.response()
        assert refused.ephemeral and any(r in (refused.content or "") for r in REFUSALS)
        await fake.settle()
        assert fake.messages(new_thread) == [], "nothing landed in the other server's thread"
        assert await bot.db.fetch_all("SELECT * FROM question_answers") == []
    assert_clean(fake, caplog)


async def test_a_reused_post_id_is_still_refused_where_it_does_not_belong(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A database from before ids were kept apart may already hold a reused id: the press's
    origin stops it even then (here the reuse is made by hand)."""
    fake, ada, alice, bob = world.fake, world.admin, world.alice, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        old_post = await (await fake.slash(ada, world.general, "question now")).message()
        await thread_of(fake, old_post)
        old_id = int(button(old_post, "kq:n:").rsplit(":", 1)[1])
        opened = await open_form(fake, alice, old_post, "kq:n:")  # a form left open
        lounge = await join_another_server(fake, bot, bob)
        await purge_server(bot, world.guild.id)
        new_post = await (await fake.slash(bob, lounge, "question now")).message()
        new_thread = await thread_of(fake, new_post)
        await bot.db.execute("UPDATE question_posts SET id = ?", (old_id,))

        pressed = await fake.click(alice, old_post, button(old_post, "kq:n:"))
        assert "doesn't belong to anything here" in (await pressed.response()).content
        submitted = await submit_form(opened, "Landing where I was never asked.")
        assert "doesn't belong to anything here" in await said(submitted)
        await fake.settle()
        assert fake.messages(new_thread) == []
        assert await bot.db.fetch_all("SELECT * FROM question_answers") == []
    assert_clean(fake, caplog)


async def test_an_old_answers_buttons_never_act_on_a_newer_answer(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, bob = world.fake, world.admin, world.alice, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(ada, world.general, "question now")).message()
        thread = await thread_of(fake, post)
        await answer(fake, alice, post, "An answer from before the purge.")
        [old_answer] = fake.messages(thread)
        lounge = await join_another_server(fake, bot, bob)
        await purge_server(bot, world.guild.id)
        new_post = await (await fake.slash(bob, lounge, "question now")).message()
        new_thread = await thread_of(fake, new_post)
        await answer(fake, bob, new_post, "Bob's answer, in his own server.")
        [bobs] = fake.messages(new_thread)

        for presser, prefix in ((ada, "kq:x:"), (ada, "kq:v:"), (alice, "kq:e:")):
            pressed = await fake.click(presser, old_answer, button(old_answer, prefix))
            content = (await pressed.response()).content or ""
            assert any(r in content for r in ANSWER_REFUSALS), (prefix, content)
        rows = await bot.db.fetch_all("SELECT id FROM question_answers")
        assert len(rows) == 1
        assert await bot.db.fetch_all("SELECT * FROM question_validations") == []
        kept = fake.get_message(bobs.id)
        assert kept is not None and kept.embeds[0]["description"].startswith("Bob's answer")
    assert_clean(fake, caplog)


async def test_a_reused_answer_id_is_still_refused_where_it_does_not_belong(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, bob = world.fake, world.admin, world.alice, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(ada, world.general, "question now")).message()
        thread = await thread_of(fake, post)
        await answer(fake, alice, post, "An answer from before the purge.")
        [old_answer] = fake.messages(thread)
        old_id = int(button(old_answer, "kq:x:").rsplit(":", 1)[1])
        editing = await open_form(fake, alice, old_answer, "kq:e:")  # a form left open
        lounge = await join_another_server(fake, bot, bob)
        await purge_server(bot, world.guild.id)
        new_post = await (await fake.slash(bob, lounge, "question now")).message()
        await thread_of(fake, new_post)
        await answer(fake, bob, new_post, "Bob's answer, in his own server.")
        await bot.db.execute("UPDATE question_answers SET id = ?", (old_id,))

        removed = await fake.click(ada, old_answer, button(old_answer, "kq:x:"))
        assert "doesn't belong to anything here" in (await removed.response()).content
        edited = await submit_form(editing, "Rewriting someone else's words.")
        assert "doesn't belong to anything here" in await said(edited)
        cog: Any = bot.get_cog("Daily questions")
        kept = await cog.answers.get(old_id)
        assert kept is not None and kept.text == "Bob's answer, in his own server."
    assert_clean(fake, caplog)
