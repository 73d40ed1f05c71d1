"""Anonymity that holds from every angle: the form that was opened decides how its text is
shown, no number members see depends on who wrote an anonymous answer, a waiting suggestion
is never quoted to another member, and the database holds no anonymous author's id."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app.client import Kindred
from bot.fakediscord import Channel, FakeDiscord, User
from bot.timing.clock import OffsetClock
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import (
    BEFORE_NINE,
    answer,
    button,
    open_form,
    run,
    said,
    submit_form,
    thread_of,
)


async def answers_in_db(bot: Kindred) -> list[tuple[bool, str]]:
    cog: Any = bot.get_cog("Daily questions")
    rows = await bot.db.fetch_all("SELECT id FROM question_answers ORDER BY id")
    found = [await cog.answers.get(int(r[0])) for r in rows]
    return [(a.anonymous, a.text) for a in found if a is not None]


async def test_an_anonymous_form_never_publishes_under_a_name_answered_meanwhile(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice = world.fake, world.admin, world.alice
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(ada, world.general, "question now")).message()
        thread = await thread_of(fake, post)
        hidden = await open_form(fake, alice, post, "kq:n:")
        await answer(fake, alice, post, "Said with my name.")
        refused = await said(await submit_form(hidden, "Something I'd only say anonymously."))
        assert "nothing was posted or changed" in refused
        assert [m.embeds[0]["description"] for m in fake.messages(thread)] == ["Said with my name."]
        assert "only say anonymously" not in repr([m.embeds for m in fake.messages(thread)])
        assert await answers_in_db(bot) == [(False, "Said with my name.")]
    assert_clean(fake, caplog)


async def test_a_named_form_never_changes_an_anonymous_answer_written_meanwhile(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice = world.fake, world.admin, world.alice
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(ada, world.general, "question now")).message()
        thread = await thread_of(fake, post)
        named = await open_form(fake, alice, post, "kq:a:")
        await answer(fake, alice, post, "Said anonymously.", anonymous=True)
        refused = await said(await submit_form(named, "Said with my name, I thought."))
        assert "nothing was posted or changed" in refused
        [only] = fake.messages(thread)
        assert only.embeds[0]["author"]["name"] == "Anonymous"
        assert only.embeds[0]["description"] == "Said anonymously."
        assert await answers_in_db(bot) == [(True, "Said anonymously.")]
    assert_clean(fake, caplog)


async def test_an_edit_form_changes_only_the_answer_it_was_opened_for(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice = world.fake, world.admin, world.alice
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(ada, world.general, "question now")).message()
        thread = await thread_of(fake, post)
        await answer(fake, alice, post, "First, anonymously.", anonymous=True)
        [hidden] = fake.messages(thread)
        editing = await open_form(fake, alice, hidden, "kq:e:")
        await (await fake.click(alice, hidden, button(hidden, "kq:x:"))).response()
        await answer(fake, alice, post, "Then with my name.")
        refused = await said(await submit_form(editing, "An anonymous afterthought."))
        assert "isn't here any more" in refused
        named = fake.messages(thread)[-1]
        assert named.embeds[0]["description"] == "Then with my name."
        assert "afterthought" not in repr([m.embeds for m in fake.messages(thread)])
        assert await answers_in_db(bot) == [(False, "Then with my name.")]
    assert_clean(fake, caplog)


async def _ready_count_after(
    fake: FakeDiscord, clock: OffsetClock, world: World, channel: Channel, hidden_author: User
) -> str:
    """Two posts: ``hidden_author`` answers the first anonymously, bob the second by name,
    then ada says she is ready. What ada is told."""
    first = await (await fake.slash(world.admin, channel, "question now")).message()
    await thread_of(fake, first)
    await answer(fake, hidden_author, first, "Anonymous, on the first.", anonymous=True)
    clock.advance(timedelta(minutes=11))
    second = await (await fake.slash(world.admin, channel, "question now")).message()
    await thread_of(fake, second)
    await answer(fake, world.bob, second, "Bob, by name, on the second.")
    pressed = await fake.click(world.admin, second, button(second, "kq:d:"))
    return str((await pressed.response()).content)


async def test_the_ready_count_is_the_same_whoever_wrote_the_anonymous_answer(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = world.fake
    carol = fake.add_user("carol")
    fake.add_member(world.guild, carol)
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES):
        bob_twice = await _ready_count_after(fake, clock, world, world.general, world.bob)
        daily = fake.channel(world.guild, "daily")
        bob_and_carol = await _ready_count_after(fake, clock, world, daily, carol)
        assert "1 of" in bob_twice
        assert bob_twice == bob_and_carol
    assert_clean(fake, caplog)


async def test_a_waiting_suggestion_is_never_quoted_to_another_member(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        private = "Which song would you choose as the soundtrack of this week, and why?"
        await run(fake, alice, general, "question suggest", text=private)
        close = await run(fake, bob, general, "question suggest", text=private.lower() + "!")
        assert close.ephemeral and "already waiting for the admins' review" in close.content
        assert "soundtrack" not in close.content
        rows = await bot.db.fetch_all("SELECT * FROM question_suggestions")
        assert len(rows) == 1
    assert_clean(fake, caplog)


async def scan_for(bot: Kindred, value: int) -> list[str]:
    """Every table and column of the whole database holding ``value``, as a number or text."""
    found: list[str] = []
    for table in await bot.db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'"):
        name = str(table[0])
        for row in await bot.db.fetch_all(f'SELECT * FROM "{name}"'):  # noqa: S608 - schema names
            cells = zip(row.keys(), tuple(row), strict=True)
            found += [f"{name}.{column}" for column, cell in cells if str(value) in str(cell)]
    return found


async def test_no_anonymous_authors_id_is_in_the_database_and_a_bar_outlives_mydata_delete(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, general = world.fake, world.admin, world.alice, world.general
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(ada, general, "question now")).message()
        thread = await thread_of(fake, post)
        await answer(fake, alice, post, "Only I know I wrote this.", anonymous=True)
        [hidden] = fake.messages(thread)
        assert await scan_for(bot, alice.id) == []

        exported = await fake.slash(alice, general, "mydata export")
        await exported.response()
        [attachment] = (await exported.followup(0)).attachments
        assert b"Only I know I wrote this." in attachment.data

        removed = await fake.click(ada, hidden, button(hidden, "kq:x:"))
        await removed.response()
        offer = await removed.followup(0)
        await (await fake.click(ada, offer, offer.custom_ids()[0])).response()
        assert await scan_for(bot, alice.id) == []

        confirm = await fake.slash(alice, general, "mydata delete")
        prompt = await confirm.message()
        await (await fake.click(alice, prompt, prompt.custom_ids()[0])).response()
        clock.advance(timedelta(minutes=11))
        later = await (await fake.slash(ada, general, "question now")).message()
        await thread_of(fake, later)
        refused = await fake.click(alice, later, button(later, "kq:n:"))
        assert "can't answer anonymously" in (await refused.response()).content
    assert_clean(fake, caplog)
