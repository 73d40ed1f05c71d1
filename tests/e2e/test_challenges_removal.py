"""Removing a completion end to end: its author can, after a confirm; a moderator (Manage
Messages) can remove anyone's; anyone else is refused; the thread post, the laughs and the
place in the jar go; and a prompt left open after it is gone answers kindly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from discord import Permissions

from bot.app.client import Kindred
from bot.fakediscord import FakeDiscord, Message, User
from tests.e2e.challenge_support import KEEP, LAUGH, REMOVE, done_now
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import button


async def ask_remove(fake: FakeDiscord, user: User, completion: Message) -> Any:
    """Press Remove; the private prompt (or the refusal)."""
    pressed = await fake.click(user, completion, button(completion, REMOVE))
    response = await pressed.response()
    assert response.ephemeral
    return pressed, response


async def confirm(fake: FakeDiscord, user: User, pressed: Any) -> Any:
    prompt = await pressed.message()
    [confirm_id] = prompt.custom_ids()
    confirmed = await fake.click(user, prompt, confirm_id)
    return await confirmed.response(), prompt


async def count(bot: Kindred, table: str) -> int:
    return int(await bot.db.fetch_value(f"SELECT COUNT(*) FROM {table}") or 0)  # noqa: S608


def gone(fake: FakeDiscord, message: Message) -> bool:
    found = fake.get_message(message.id)
    return found is None or found.deleted


async def test_the_author_removes_their_own_and_others_are_refused(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob = world.fake, world.alice, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        mine = await done_now(fake, alice, world.general, "Danced in the kitchen")
        await (await fake.click(bob, mine, button(mine, LAUGH))).response()
        await (await fake.click(alice, mine, button(mine, KEEP))).response()

        _, refused = await ask_remove(fake, bob, mine)
        assert "Only the person who did it, or a moderator" in refused.content
        assert not gone(fake, mine)

        pressed, asked = await ask_remove(fake, alice, mine)
        assert "Remove your completion?" in asked.content, "a confirm first: nothing gone yet"
        assert await count(bot, "challenge_completions") == 1
        confirmed, prompt = await confirm(fake, alice, pressed)
        assert confirmed.ok
        await fake.wait_until(lambda: gone(fake, mine) or None, 5, "the post to be deleted")
        await fake.settle()
        await fake.wait_until(
            lambda: "Removed" in fake.get_message(prompt.id).content or None, 5, "the answer"
        )
        for table in ("challenge_completions", "challenge_laughs"):
            assert await count(bot, table) == 0, table
        assert (
            "still empty"
            in (
                await (await fake.slash(bob, world.general, "challenge memories")).response()
            ).content
        )
    assert_clean(fake, caplog)


async def test_a_moderator_removes_anyones_and_an_open_prompt_then_answers_kindly(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, guild = world.fake, world.alice, world.guild
    mods = fake.add_role(guild, "Mods", permissions=Permissions(manage_messages=True).value)
    moderator = fake.add_member(guild, "mo", roles=[mods]).user
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        hers = await done_now(fake, alice, world.general, "Something a moderator must remove")
        alices_prompt, _ = await ask_remove(fake, alice, hers)
        pressed, asked = await ask_remove(fake, moderator, hers)
        assert "this member's completion" in asked.content
        confirmed, _ = await confirm(fake, moderator, pressed)
        assert confirmed.ok
        await fake.wait_until(lambda: gone(fake, hers) or None, 5, "the post to be deleted")
        assert await count(bot, "challenge_completions") == 0

        late, _ = await confirm(fake, alice, alices_prompt)
        assert "isn't here any more" in late.content, "an old prompt answers kindly"
    assert_clean(fake, caplog)


async def test_a_post_left_behind_says_so_and_its_old_buttons_answer_kindly(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Discord refuses to delete the post (access lost meanwhile): the completion is still
    removed, the remover is told the post stayed, and every button on it answers kindly."""
    fake, alice, bob = world.fake, world.alice, world.bob
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        mine = await done_now(fake, alice, world.general, "Stays in Discord, gone from Kindred")
        pressed, _ = await ask_remove(fake, alice, mine)
        fake.fail_next("DELETE", "/channels/{channel_id}/messages/{message_id}", 403, code=50013)
        _, prompt = await confirm(fake, alice, pressed)
        await fake.wait_until(
            lambda: "couldn't delete" in fake.get_message(prompt.id).content or None, 5, "answer"
        )
        assert not gone(fake, mine) and await count(bot, "challenge_completions") == 0
        for user, prefix in ((bob, LAUGH), (alice, KEEP), (alice, REMOVE), (bob, REMOVE)):
            pressed_old = await fake.click(user, mine, button(mine, prefix))
            assert "isn't here any more" in (await pressed_old.response()).content, prefix
    assert_clean(fake, caplog)
