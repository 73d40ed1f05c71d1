"""/mydata end to end: an export holds everything about the member and nothing about
anyone else; a delete leaves no row or ciphertext of theirs and removes their posts; the
raw database file never shows private text in the clear."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.fakediscord import Channel, FakeDiscord, User
from bot.storage.database import Database
from bot.storage.vault import SEALED_SUFFIX
from tests.e2e.harness import REAL_FEATURES, World, assert_clean, running_kindred
from tests.support.keys import make_test_vault

ALICE_CARD = "Alice's card: glad to talk about gardening, not about exams (zx81-alice)"
BOB_CARD = "Bob's card: happy to chat about chess (zx81-bob)"
ALICE_SAID = "Alice posted this answer (zx81-said)"

# Columns that name a member or a server: a table holding one must have a data owner.
MEMBER_COLUMNS = re.compile(r"(^|_)(user|member|author|sender|recipient|other|guild)_id$")


async def ok(fake: FakeDiscord, user: User, channel: Channel, command: str, **options: Any) -> Any:
    handle = await fake.slash(user, channel, command, options)
    response = await handle.response()
    assert response.ok
    return handle


async def export_of(fake: FakeDiscord, user: User, channel: Channel) -> dict[str, Any]:
    handle = await ok(fake, user, channel, "mydata export")
    message = await handle.followup(0)
    assert message.ephemeral, "the export is sent privately"
    [attachment] = message.attachments
    assert attachment.filename == f"kindred-data-{user.id}.json"
    document: dict[str, Any] = json.loads(attachment.data)
    return document


async def fill_with_data(world: World) -> None:
    """Alice and Bob each leave something in every part of Kindred that stores data."""
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    for user, card in ((alice, ALICE_CARD), (bob, BOB_CARD)):
        await ok(fake, user, general, "boundaries set", quiet_hours="00:00-23:59",
                 timezone="UTC", max_depth=2)  # fmt: skip
        await ok(fake, user, general, "boundaries card", text=card, shared=True)
        await ok(fake, user, general, "boundaries topics add", category="family")
        await ok(fake, user, general, "probe-dms", on=True)
    await ok(fake, bob, general, "boundaries dont-pair add", member=alice)
    await ok(fake, alice, general, "probe-say", text=ALICE_SAID)
    # A DM to each, held by their quiet hours, so the sealed queue holds their letters.
    await ok(fake, bob, general, "probe-poke", member=alice)
    await ok(fake, alice, general, "probe-poke", member=bob)


async def all_cells(db_path: Path) -> list[tuple[str, str, Any]]:
    """(table, column, value) for every cell of every table."""
    db = await Database.open(db_path)
    try:
        tables = [
            str(r[0])
            for r in await db.fetch_all(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        cells: list[tuple[str, str, Any]] = []
        for table in tables:
            for row in await db.fetch_all(f"SELECT * FROM {table}"):  # noqa: S608 - from schema
                cells.extend((table, column, row[column]) for column in row.keys())  # noqa: SIM118
        return cells
    finally:
        await db.close()


async def test_export_has_all_of_mine_and_none_of_theirs_and_delete_leaves_nothing(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, bob, general = world.fake, world.alice, world.bob, world.general
    async with running_kindred(world, db_path):
        await fill_with_data(world)
        said = fake.last_message(general)
        assert said is not None and ALICE_SAID in said.content

        exported = await export_of(fake, alice, general)
        text = json.dumps(exported)
        data = exported["data"]
        assert data["boundaries"]["card"] == ALICE_CARD
        assert data["boundaries"]["max_depth"] == 2
        assert data["boundaries"]["topics_off"] == ["family"]
        assert data["probe"]["said"] == [ALICE_SAID]
        [letter] = data["private messages"]["letters"]
        assert letter["state"] == "waiting"
        assert letter["message"]["content"] == "A poke for you (depth 1)"
        assert BOB_CARD not in text and str(bob.id) not in text, "nothing about anyone else"

        handle = await ok(fake, alice, general, "mydata delete")
        prompt = await handle.message()
        assert prompt.ephemeral and "can't be undone" in prompt.content
        labels = [b.get("label") for row in prompt.components for b in row["components"]]
        assert labels == ["Delete everything", "Keep my data"]
        confirm = next(c for c in prompt.custom_ids())
        clicked = await fake.click(alice, prompt, confirm)
        await clicked.response()
        await fake.wait_until(
            lambda: "Done." in (fake.get_message(prompt.id) or prompt).content, 5, "done"
        )
        assert fake.get_message(said.id) is None or fake.get_message(said.id).deleted, (
            "the bot's post carrying alice's words is gone"
        )

        fresh = await export_of(fake, alice, general)
        assert fresh["data"]["boundaries"]["card"] is None
        assert fresh["data"]["boundaries"]["consents" if False else "dm_consents"] == []
        assert fresh["data"]["private messages"]["letters"] == []
        assert fresh["data"]["probe"]["said"] == []
        assert fresh["data"]["notices"]["notices"] == []

        # Bob's data is untouched.
        bobs = await export_of(fake, bob, general)
        assert bobs["data"]["boundaries"]["card"] == BOB_CARD
        assert bobs["data"]["boundaries"]["dont_pair"] == [str(alice.id)]

    vault = make_test_vault()
    for table, column, value in await all_cells(db_path):
        if table == "member_dont_pair" and column == "other_id":
            continue  # bob's own boundary naming alice stays (see PRIVACY.md)
        assert value != alice.id and str(alice.id) not in str(value), (table, column)
        if column.endswith(SEALED_SUFFIX) and value is not None:
            opened = vault.unseal(value)
            assert "zx81-alice" not in opened and "zx81-said" not in opened, (table, column)
    assert_clean(fake, caplog)


async def test_cancel_keeps_everything(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path):
        await ok(fake, alice, general, "boundaries card", text=ALICE_CARD)
        handle = await ok(fake, alice, general, "mydata delete")
        prompt = await handle.message()
        keep = prompt.custom_ids()[1]
        other = await fake.click(world.bob, prompt, prompt.custom_ids()[0])
        assert "isn't yours" in (await other.response()).content
        await (await fake.click(alice, prompt, keep)).response()
        exported = await export_of(fake, alice, general)
        assert exported["data"]["boundaries"]["card"] == ALICE_CARD
    assert_clean(fake, caplog)


async def test_delete_and_keep_pressed_at_once_answer_once(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Whichever press lands first decides; the other is told, and the prompt ends saying
    what really happened to the data."""
    fake, alice, general = world.fake, world.alice, world.general
    async with running_kindred(world, db_path):
        await ok(fake, alice, general, "boundaries card", text=ALICE_CARD)
        handle = await ok(fake, alice, general, "mydata delete")
        prompt = await handle.message()
        delete, keep = prompt.custom_ids()
        presses = await asyncio.gather(
            fake.click(alice, prompt, delete),
            fake.click(alice, prompt, keep),
            fake.click(alice, prompt, delete),
        )
        answers = [await press.response() for press in presses]
        acted = [a for a in answers if a.type == 7]  # UPDATE_MESSAGE: the prompt changed
        told = [a for a in answers if a.type == 4]
        assert len(acted) == 1 and len(told) == 2
        assert all(a.ephemeral and "already answered" in (a.content or "") for a in told)
        deleted = "Deleting" in (acted[0].content or "")
        if deleted:
            await fake.wait_until(
                lambda: "Done." in (fake.get_message(prompt.id) or prompt).content, 5, "done"
            )
        card = (await export_of(fake, alice, general))["data"]["boundaries"]["card"]
        assert card == (None if deleted else ALICE_CARD)
    assert_clean(fake, caplog)


async def test_the_raw_database_file_shows_no_private_text(
    world: World, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_kindred(world, db_path):
        await fill_with_data(world)
    raw = b"".join(
        path.read_bytes()
        for path in db_path.parent.iterdir()
        if path.name.startswith(db_path.name)  # the file, its -wal and -shm
    )
    for secret in ("zx81-alice", "zx81-bob", "gardening", "A poke for you"):
        assert secret.encode() not in raw, f"{secret!r} is stored in the clear"
    assert_clean(world.fake, caplog)


async def test_every_table_with_member_or_server_data_has_a_data_owner(
    world: World, db_path: Path
) -> None:
    """A feature that stores member data without implementing export/delete fails here."""
    async with running_kindred(world, db_path, features=REAL_FEATURES) as bot:
        claimed = bot.data_rights.claimed_tables()
        db = bot.db
        tables = [
            str(r[0])
            for r in await db.fetch_all(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        unclaimed = []
        for table in tables:
            columns = [str(r["name"]) for r in await db.fetch_all(f"PRAGMA table_info({table})")]
            if any(MEMBER_COLUMNS.search(c) for c in columns) and table not in claimed:
                unclaimed.append(table)
    assert unclaimed == [], (
        f"tables holding member or server data with no data owner: {unclaimed}; "
        "implement bot.data_rights.DataOwner in the feature and register it in cog_load"
    )
