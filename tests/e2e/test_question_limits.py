"""Limits and bars that hold under pressure, answers that are never left stuck, and lists
that stay within Discord's embed limits."""

from __future__ import annotations

import asyncio
import logging
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.timing.clock import OffsetClock
from cogs.questions.repository.schedules import Schedule
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import (
    BEFORE_NINE,
    answer,
    button,
    open_form,
    said,
    submit_form,
    thread_of,
)

QUESTIONS = (
    "Which smell takes you straight back to being small?",
    "What would you name a boat if you owned one?",
    "Which book did you pretend to have read?",
    "What is the best meal you have ever cooked for friends?",
    "Where would you go for one perfect afternoon?",
    "What small habit makes your mornings better?",
    "Which song do you never skip, and why not?",
    "What did you collect as a child?",
)


async def test_eight_suggestions_at_once_never_pass_the_cap_of_three(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        handles = await asyncio.gather(
            *(fake.slash(alice, general, "question suggest", {"text": q}) for q in QUESTIONS)
        )
        replies = [(await h.response()).content or "" for h in handles]
        waiting = await bot.db.fetch_value("SELECT COUNT(*) FROM question_suggestions")
        assert waiting == 3
        assert sum("waiting for the admins' review" in r for r in replies) == 3
        assert sum("You have 3 suggestions waiting" in r for r in replies) == 5
    assert_clean(fake, caplog)


async def test_a_form_opened_before_a_bar_cannot_post_anonymously_after_it(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, bob = world.fake, world.admin, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(ada, world.general, "question now")).message()
        thread = await thread_of(fake, post)
        await answer(fake, bob, post, "Something against the rules.", anonymous=True)
        [theirs] = fake.messages(thread)
        waiting = await open_form(fake, bob, post, "kq:n:")  # opened before the bar

        removed = await fake.click(ada, theirs, button(theirs, "kq:x:"))
        await removed.response()
        offer = await removed.followup(0)
        await (await fake.click(ada, offer, offer.custom_ids()[0])).response()

        refused = await said(await submit_form(waiting, "Slipping one more in."))
        assert "can't answer anonymously in this server" in refused
        await fake.settle()
        assert all("Slipping" not in repr(m.embeds) for m in fake.messages(thread))
        assert await bot.db.fetch_all("SELECT * FROM question_answers") == []
    assert_clean(fake, caplog)


async def test_an_answer_whose_posting_failed_unexpectedly_is_posted_by_the_next_submit(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, ada, alice = world.fake, world.admin, world.alice
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(ada, world.general, "question now")).message()
        thread = await thread_of(fake, post)
        send = bot.pacer.send
        calls = 0

        async def fails_once(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise RuntimeError("something nobody expected")
            return await send(*args, **kwargs)

        monkeypatch.setattr(bot.pacer, "send", fails_once)
        with caplog.at_level(logging.CRITICAL):  # the unexpected error is logged, on purpose
            first = await said(await submit_form(await open_form(fake, alice, post, "kq:a:"), "x"))
        assert "Posted" not in first
        caplog.clear()

        again = await said(
            await submit_form(await open_form(fake, alice, post, "kq:a:"), "Second try.")
        )
        assert "Posted in the thread" in again
        [posted] = fake.messages(thread)
        assert posted.embeds[0]["description"] == "Second try."
        rows = await bot.db.fetch_all("SELECT message_id FROM question_answers")
        assert [r[0] for r in rows] == [posted.id]
    assert_clean(fake, caplog)


def embed_characters(embed: dict[str, Any]) -> int:
    fields = embed.get("fields", [])
    return (
        len(embed.get("title", ""))
        + len(embed.get("description", ""))
        + len(embed.get("footer", {}).get("text", ""))
        + len(embed.get("author", {}).get("name", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
    )


async def test_twenty_five_long_schedules_are_listed_within_discords_embed_limits(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, guild = world.fake, world.admin, world.guild
    names = [f"{n:02d}-" + "a-very-long-channel-name-for-daily-questions-" * 2 for n in range(25)]
    channels = [fake.add_channel(guild, name[:100]) for name in names]
    role = fake.add_role(guild, "daily-question-fans-with-a-rather-long-role-name")
    clock = OffsetClock(BEFORE_NINE)
    async with running_kindred(world, db_path, clock=clock, features=REAL_FEATURES) as bot:
        cog: Any = bot.get_cog("Daily questions")
        for channel in channels:
            await cog.schedules.save(
                Schedule(
                    channel_id=channel.id,
                    guild_id=guild.id,
                    at=time(21, 30),
                    zone=ZoneInfo("America/Argentina/ComodRivadavia"),
                    weekdays=frozenset({0, 2, 4}),
                    ping_role_id=role.id,
                    fixed_depth=3,
                    paused=False,
                    active_since=clock.now(),
                )
            )
        listed = await fake.slash(ada, world.general, "question schedules")
        first = (await listed.response()).data or {}

        def embeds() -> list[dict[str, Any]]:
            return [*first.get("embeds", []), *(e for m in listed.followups for e in m.embeds)]

        await fake.wait_until(
            lambda: sum(len(e.get("fields", [])) for e in embeds()) >= len(names), 5, "every page"
        )
        pages = embeds()
        assert all(embed_characters(e) <= 6000 and len(e.get("fields", [])) <= 25 for e in pages)
        assert all(len(f["value"]) <= 1024 for e in pages for f in e.get("fields", []))
        shown = [f["name"] for e in pages for f in e.get("fields", [])]
        assert shown == [f"#{name[:100]}" for name in names]
    assert_clean(fake, caplog)


async def test_an_answer_left_without_its_post_by_a_crash_is_posted_by_the_next_submit(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice = world.fake, world.admin, world.alice
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (await fake.slash(ada, world.general, "question now")).message()
        thread = await thread_of(fake, post)
        post_id = int(button(post, "kq:a:").rsplit(":", 1)[1])
        cog: Any = bot.get_cog("Daily questions")
        await cog.answers.add(post_id, alice.id, "Saved, then the bot died.", anonymous=True)

        again = await said(
            await submit_form(await open_form(fake, alice, post, "kq:n:"), "Saved at last.")
        )
        assert "Posted in the thread" in again
        [posted] = fake.messages(thread)
        assert posted.embeds[0]["author"]["name"] == "Anonymous"
        assert posted.embeds[0]["description"] == "Saved at last."
    assert_clean(fake, caplog)
