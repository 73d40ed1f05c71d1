"""Photo challenges end to end: the I did it form of a photo challenge takes a photo, which
Kindred posts again with the completion in the thread (and it counts); a file that is not
a photo, or one too big, is refused with nothing saved; other kinds' forms have no upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.app.client import Kindred
from bot.fakediscord import FakeDiscord, Message, Upload, User, image
from cogs.challenges.photos import PHOTO_MAX_BYTES
from tests.e2e.challenge_support import DID_IT, open_form
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.questions_support import button, said, thread_of


async def photo_form(fake: FakeDiscord, user: User, post: Message) -> tuple[Any, str]:
    opened = await open_form(fake, user, post)
    note, photos = (await opened.modal()).field_ids()
    assert photos == "photos"
    return opened, note


async def completions(bot: Kindred) -> int:
    return int(await bot.db.fetch_value("SELECT COUNT(*) FROM challenge_completions") or 0)


async def test_a_photo_is_posted_with_the_completion_and_non_photos_are_refused(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        post = await (
            await fake.slash(alice, general, "challenge now", {"kind": "photo"})
        ).message()
        thread = await thread_of(fake, post)

        opened, note = await photo_form(fake, bob, post)
        notes = Upload("notes.txt", b"not a photo", "text/plain")
        refused = await said(await opened.submit_modal({note: "hi", "photos": [notes]}))
        assert "isn't a photo" in refused and "Nothing was saved" in refused
        opened, note = await photo_form(fake, bob, post)
        huge = image("huge.png", data=b"\x89PNG" + b"0" * PHOTO_MAX_BYTES)
        too_big = await said(await opened.submit_modal({note: "hi", "photos": [huge]}))
        assert "too big" in too_big
        assert await completions(bot) == 0 and fake.messages(thread) == []

        opened, note = await photo_form(fake, alice, post)
        sunset = image("my sunset.jpg", data=b"\xff\xd8 sunset bytes")
        shared = await said(await opened.submit_modal({note: "Golden hour", "photos": [sunset]}))
        assert "Shared in the thread" in shared
        await fake.settle()
        [posted] = fake.messages(thread)
        [attachment] = posted.attachments
        assert (attachment.filename, attachment.data) == ("photo.jpg", b"\xff\xd8 sunset bytes")
        assert posted.embeds[0]["image"]["url"].endswith("photo.jpg")
        assert posted.embeds[0]["description"] == "Golden hour"
        assert await completions(bot) == 1, "it counts as a completion"

        opened, note = await photo_form(fake, alice, post)
        edited = await said(await opened.submit_modal({note: "Golden hour, again", "photos": []}))
        assert "updated" in edited
        await fake.settle()
        kept = fake.get_message(posted.id)
        assert [a.data for a in kept.attachments] == [b"\xff\xd8 sunset bytes"], "photo stays"
        assert kept.embeds[0]["image"]["url"].endswith("photo.jpg")

        opened, note = await photo_form(fake, alice, post)
        dawn = image("dawn.png", data=b"\x89PNG dawn bytes")
        await said(await opened.submit_modal({note: "Dawn instead", "photos": [dawn]}))
        await fake.settle()
        replaced = fake.get_message(posted.id)
        assert [(a.filename, a.data) for a in replaced.attachments] == [
            ("photo.png", b"\x89PNG dawn bytes")
        ], "a new photo replaces the old one"
        assert replaced.embeds[0]["image"]["url"].endswith("photo.png")
        assert await completions(bot) == 1

        daily = fake.channel(world.guild, "daily")  # the cooldown is per channel
        other = await (await fake.slash(bob, daily, "challenge now", {"kind": "laugh"})).message()
        clicked = await fake.click(alice, other, button(other, DID_IT))
        assert len((await clicked.modal()).field_ids()) == 1, "only a photo challenge takes one"
    assert_clean(fake, caplog)
