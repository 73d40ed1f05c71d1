"""/appreciate as a hostile member would use it, end to end through the local fake Discord.

Old buttons on notes whose sender deleted their data, many anonymous notes at once, the daily
limit after a /mydata delete, a recipient outside the server, and what the database file
says about an anonymous sender.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.fakediscord import Channel, FakeDiscord, Message, User
from bot.storage.database import to_db_time
from tests.cogs.lovelanguages.test_migrations import first_release
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.e2e.test_lovelanguages import current, run

SENT = "on its way"
REFUSED = "can't deliver a note"


async def delete_my_data(fake: FakeDiscord, user: User, where: Channel) -> None:
    prompt = await (await fake.slash(user, where, "mydata delete")).message()
    await (await fake.click(user, prompt, prompt.custom_ids()[0])).response()
    await fake.wait_until(lambda: "Done." in current(fake, prompt).content, 5, "the deletion")


async def dms(fake: FakeDiscord, user: User, count: int) -> list[Message]:
    channel = fake.dm_channel(user)
    await fake.wait_until(lambda: len(fake.messages(channel)) >= count, 5, f"{count} DMs")
    await fake.settle()
    return fake.messages(channel)


async def note(fake: FakeDiscord, sender: User, where: Channel, to: User, anonymous: bool) -> str:
    sent = await run(
        fake, sender, where, "appreciate", member=to, message="You make this place kinder.",
        anonymous=anonymous,
    )  # fmt: skip
    return str(sent.content)


async def test_a_block_pressed_on_a_deleted_senders_old_note_never_blocks_another_sender(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    carol = fake.add_user("carol")
    fake.add_member(world.guild, carol)
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        await run(fake, alice, general, "boundaries set", notes="anyone")
        assert SENT in await note(fake, bob, general, alice, anonymous=True)
        [bobs_note] = await dms(fake, alice, 1)
        report = bobs_note.custom_ids()[0]
        offer = await (await fake.click(alice, bobs_note, report)).message()
        block = offer.custom_ids()[0]

        await delete_my_data(fake, bob, general)  # bob's note row goes; its id was the newest
        assert SENT in await note(fake, carol, general, alice, anonymous=True)
        await dms(fake, alice, 3)

        # alice presses the buttons she still has for bob's note: they name bob's old id.
        for message, custom_id in ((offer, block), (bobs_note, report)):
            pressed = await fake.click(alice, message, custom_id)
            answer = await pressed.response()
            assert answer.ok and answer.ephemeral
            assert "isn't here any more" in answer.content
        assert "Blocked" not in current(fake, offer).content

        assert SENT in await note(fake, carol, general, alice, anonymous=True), "carol not blocked"
        assert len(await dms(fake, alice, 4)) == 4
    assert_clean(fake, caplog)


async def test_eight_anonymous_notes_at_once_deliver_at_most_the_daily_three(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        await run(fake, alice, general, "boundaries set", notes="anyone")
        answers = await asyncio.gather(
            *(note(fake, bob, general, alice, anonymous=True) for _ in range(8))
        )
        assert sum(SENT in a for a in answers) == 3, answers
        assert sum("3 anonymous notes today" in a for a in answers) == 5, answers
        await fake.settle()
        await asyncio.sleep(0.3)
        assert len(await dms(fake, alice, 3)) == 3
    assert_clean(fake, caplog)


async def test_the_anonymous_limit_and_a_block_survive_the_senders_data_deletion(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    carol = fake.add_user("carol")
    fake.add_member(world.guild, carol)
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        for user in (alice, carol):
            await run(fake, user, general, "boundaries set", notes="anyone")
        for _ in range(3):
            assert SENT in await note(fake, bob, general, carol, anonymous=True)
        assert SENT in await note(fake, bob, general, alice, anonymous=False)
        [named] = await dms(fake, alice, 1)
        assert "bob" in named.embeds[0]["footer"]["text"]
        assert "3 anonymous notes today" in await note(fake, bob, general, alice, anonymous=True)
        # carol blocks bob through the third anonymous note, never learning who he is.
        third = (await dms(fake, carol, 3))[2]
        offer = await (await fake.click(carol, third, third.custom_ids()[0])).message()
        await (await fake.click(carol, offer, offer.custom_ids()[0])).response()
        assert "Blocked" in current(fake, offer).content

        await delete_my_data(fake, bob, general)
        assert "3 anonymous notes today" in await note(fake, bob, general, alice, anonymous=True)
        assert REFUSED in await note(fake, bob, general, carol, anonymous=False), "still blocked"
        assert SENT in await note(fake, bob, general, alice, anonymous=False), "named is free"
    assert_clean(fake, caplog)


async def test_a_note_reaches_only_a_member_of_the_server_it_was_sent_from(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    dana = fake.add_user("dana")
    elsewhere = fake.add_guild("Elsewhere", owner=dana, channels=("lounge",))
    fake.add_member(elsewhere, bob)
    lounge = fake.channel(elsewhere, "lounge")
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        await run(fake, dana, lounge, "boundaries set", notes="anyone")
        await run(fake, alice, general, "boundaries set", notes="anyone")
        for anonymous in (False, True):
            refused = await note(fake, bob, general, dana, anonymous=anonymous)
            assert REFUSED in refused, "dana is not a member of Kindred Test"
        assert SENT in await note(fake, bob, lounge, dana, anonymous=False), "she is here"
        assert SENT in await note(fake, bob, general, alice, anonymous=False)
        await dms(fake, alice, 1)
        assert len(await dms(fake, dana, 1)) == 1
    assert_clean(fake, caplog)


async def test_the_database_never_holds_an_anonymous_senders_id(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        await run(fake, alice, general, "boundaries set", notes="anyone")
        for _ in range(2):
            assert SENT in await note(fake, bob, general, alice, anonymous=True)
        notes = await dms(fake, alice, 2)
        offer = await (await fake.click(alice, notes[0], notes[0].custom_ids()[0])).message()
        await (await fake.click(alice, offer, offer.custom_ids()[0])).response()
        assert REFUSED in await note(fake, bob, general, alice, anonymous=True)
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = [
            (table, row)
            for table in tables
            for row in conn.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the schema
            if any(str(bob.id) in str(value) for value in row)
        ]
    conn.close()
    assert found == []
    assert_clean(fake, caplog)


async def test_an_upgraded_database_keeps_no_anonymous_sender_in_clear_once_kindred_starts(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    db = await first_release().open(db_path)
    await db.execute_many(
        "INSERT INTO ll_notes (guild_id, sender_id, recipient_id, anonymous, sent_at) "
        "VALUES (?, ?, ?, 1, ?)",
        [(world.guild.id, bob.id, alice.id, to_db_time(datetime.now(UTC)))] * 3,
    )
    await db.execute(
        "INSERT INTO ll_note_blocks VALUES (?, ?, ?)",
        (world.admin.id, bob.id, to_db_time(datetime.now(UTC))),
    )
    await db.close()
    async with running_kindred(world, db_path, features=REAL_FEATURES):
        await run(fake, alice, general, "boundaries set", notes="anyone")
        await run(fake, world.admin, general, "boundaries set", notes="anyone")
        limited = await note(fake, bob, general, alice, anonymous=True)
        assert "3 anonymous notes today" in limited, "the notes from before the upgrade count"
        assert REFUSED in await note(fake, bob, general, world.admin, anonymous=False)
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = [
            (table, row)
            for table in tables
            for row in conn.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the schema
            if any(str(bob.id) in str(value) for value in row)
        ]
    conn.close()
    assert found == []
    assert_clean(fake, caplog)
