"""The buttons of fun challenges under pressure, end to end: two presses at once change
things once, a press acts only where its row is, an old button of a removed row answers
kindly, a restart keeps every button working without posting anything twice, and /mydata
exports and deletes a member's challenges."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from bot.app.client import Kindred
from tests.e2e.challenge_support import (
    DID_IT,
    KEEP,
    LAUGH,
    NOT_TODAY,
    count,
    did_it,
    done_now,
    open_form,
    post_now,
    submit,
)
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import button, join_another_server

ELSEWHERE = "doesn't belong to anything here"


async def purge(bot: Kindred, guild_id: int) -> None:
    """What the retention job does 30 days after a server removed Kindred, for challenges."""
    cog: Any = bot.get_cog("Fun challenges")
    async with bot.db.transaction():
        await cog.data_owner.delete_guild(guild_id)


async def test_two_forms_at_once_make_one_completion_and_two_laughs_at_once_count_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob = world.fake, world.alice, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post, thread = await post_now(fake, alice, world.general)
        forms = [await open_form(fake, alice, post) for _ in range(2)]
        replies = sorted(await asyncio.gather(*(submit(f, "Only once.") for f in forms)))
        assert "Shared in the thread" in replies[0] and "updated" in replies[1]
        await fake.settle()
        [mine] = fake.messages(thread)
        assert await count(bot, "SELECT COUNT(*) FROM challenge_completions") == 1
        presses = await asyncio.gather(*(fake.click(bob, mine, button(mine, LAUGH)) for _ in "ab"))
        answers = [(await p.response()).content or "" for p in presses]
        assert sum("already laughed" in a for a in answers) == 1
        assert await count(bot, "SELECT COUNT(*) FROM challenge_laughs") == 1
        await fake.settle()
        assert fake.get_message(mine.id).find_component(button(mine, LAUGH))["label"] == "😂 1"
    assert_clean(fake, caplog)


async def test_a_press_acts_only_where_its_row_is(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A server's challenges are purged while its old posts stay in Discord; a new post
    elsewhere is given the old id by hand (as a database from before lasting ids might):
    the old buttons and a form left open are refused, and nothing lands anywhere."""
    fake, alice, bob = world.fake, world.alice, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        old_post, _ = await post_now(fake, alice, world.general)
        old_id = int(button(old_post, DID_IT).rsplit(":", 1)[1])
        opened = await open_form(fake, alice, old_post)
        lounge = await join_another_server(fake, bot, bob)
        await purge(bot, world.guild.id)
        gone = await fake.click(alice, old_post, button(old_post, NOT_TODAY))
        assert "isn't here any more" in (await gone.response()).content, "kind, not an error"
        _, new_thread = await post_now(fake, bob, lounge)
        await bot.db.execute("UPDATE challenge_posts SET id = ?", (old_id,))
        pressed = await fake.click(alice, old_post, button(old_post, DID_IT))
        assert ELSEWHERE in (await pressed.response()).content
        assert ELSEWHERE in await submit(opened, "Landing where I was never asked.")
        await fake.settle()
        assert fake.messages(new_thread) == []
        assert await bot.db.fetch_all("SELECT * FROM challenge_completions") == []
    assert_clean(fake, caplog)


async def test_an_old_completions_buttons_answer_kindly_once_it_is_gone(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob = world.fake, world.alice, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        mine = await done_now(fake, alice, world.general, "Here a moment.")
        await bot.db.execute("DELETE FROM challenge_completions")
        for user, prefix in ((bob, LAUGH), (alice, KEEP)):
            pressed = await fake.click(user, mine, button(mine, prefix))
            assert "isn't here any more" in (await pressed.response()).content
        assert await bot.db.fetch_all("SELECT * FROM challenge_laughs") == []
    assert_clean(fake, caplog)


async def test_a_restart_keeps_the_buttons_working_and_posts_nothing_twice(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, ada, alice, bob = world.fake, world.admin, world.alice, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post, thread = await post_now(fake, alice, world.general)
        await did_it(fake, alice, post, "Before the restart.")
        # What a crash between saving and posting leaves: Ada's completion, never shown.
        post_id = int(button(post, DID_IT).rsplit(":", 1)[1])
        await bot.db.execute(
            "INSERT INTO challenge_completions (post_id, user_id, created_at) VALUES (?, ?, ?)",
            (post_id, ada.id, "2026-06-02T08:00:00+00:00"),
        )
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        assert "Shared in the thread" in await did_it(fake, bob, post, "After it.")
        [alices, _bobs] = fake.messages(thread)
        laughed = await fake.click(bob, alices, button(alices, LAUGH))
        assert (await laughed.response()).ok
        assert "Shared in the thread" in await did_it(fake, ada, post, "Posted once.")
        again = await fake.slash(alice, world.general, "challenge now")
        assert "can be posted" in (await again.response()).content, "the cooldown outlives it"
        await fake.settle()
        assert len(fake.messages(thread)) == 3, "the lost one is posted now, nothing twice"
        assert len([m for m in fake.messages(world.general) if m.embeds]) == 1
        assert await count(bot, "SELECT COUNT(*) FROM challenge_completions") == 3
        assert await count(bot, "SELECT COUNT(*) FROM challenge_completions "
                                "WHERE message_id IS NULL") == 0  # fmt: skip
    assert_clean(fake, caplog)


async def test_mydata_exports_and_deletes_my_challenges_and_their_posts(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post, thread = await post_now(fake, alice, general)
        await did_it(fake, alice, post, "Alice's private-ish note")
        await did_it(fake, bob, post, "Bob's note")
        [alices, bobs] = fake.messages(thread)
        await (await fake.click(alice, alices, button(alices, KEEP))).response()
        await (await fake.click(alice, bobs, button(bobs, LAUGH))).response()
        await (await fake.click(bob, alices, button(alices, LAUGH))).response()

        exported = await fake.slash(alice, general, "mydata export")
        await exported.response()
        [attachment] = (await exported.followup(0)).attachments
        mine = json.loads(attachment.data)["data"]["fun challenges"]
        [done] = mine["completions"]
        assert done["note"] == "Alice's private-ish note" and done["kept_at"] is not None
        assert mine["kept_moments"] == [done] and len(mine["laughs_you_gave"]) == 1
        assert "Bob's note" not in attachment.data.decode()

        asked = await fake.slash(alice, general, "mydata delete")
        await asked.response()
        prompt = await asked.message()
        confirm = await fake.click(alice, prompt, prompt.custom_ids()[0])
        await confirm.response()
        await fake.wait_until(
            lambda: fake.get_message(alices.id) is None or fake.get_message(alices.id).deleted,
            5,
            "alice's completion post to be deleted",
        )
        assert fake.get_message(bobs.id) is not None and not fake.get_message(bobs.id).deleted
        assert await count(bot, "SELECT COUNT(*) FROM challenge_completions") == 1
        assert await count(bot, "SELECT COUNT(*) FROM challenge_laughs") == 0
    assert_clean(fake, caplog)
