"""The SQL of appreciation notes against a real SQLite file: ids, pseudonyms, the daily limit
and blocks, and what a sender's /mydata delete leaves standing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from cogs.lovelanguages.repository import NoteStore, NoteVerdict
from tests.support.keys import make_test_vault

ANA, BEN, CY = 111111111111111111, 222222222222222222, 333333333333333333
GUILD, OTHER = 10, 11
START = datetime(2026, 6, 2, 12, tzinfo=UTC)
LIMIT = 3
PSEUDONYM = make_test_vault().pseudonym


@pytest.fixture
def clock() -> OffsetClock:
    return OffsetClock(START)


@pytest.fixture
def notes(db: Database, clock: OffsetClock) -> NoteStore:
    return NoteStore(db, clock, PSEUDONYM)


async def accept(note_id: int) -> bool:
    return True


async def refuse(note_id: int) -> bool:
    return False


async def send(
    notes: NoteStore, sender: int, recipient: int, *, anonymous: bool, guild: int = GUILD
) -> NoteVerdict:
    return await notes.send(
        guild, sender, recipient, anonymous=anonymous, daily_limit=LIMIT, deliver=accept
    )


async def newest_id(db: Database) -> int:
    return int(await db.fetch_value("SELECT MAX(id) FROM ll_notes") or 0)


async def test_a_deleted_notes_id_is_never_given_to_the_next_note(
    notes: NoteStore, db: Database
) -> None:
    await send(notes, BEN, ANA, anonymous=True)
    bens = await newest_id(db)
    async with db.transaction():
        await notes.delete_member(BEN)
    await send(notes, CY, ANA, anonymous=True)
    assert await newest_id(db) > bens
    assert await notes.note(bens) is None
    assert not await notes.block(bens, ANA), "the old id names nothing"
    assert not await notes.report(bens, ANA)
    assert not await notes.is_blocked(ANA, CY)


async def test_an_anonymous_senders_id_is_nowhere_in_the_notes_tables(
    notes: NoteStore, db: Database
) -> None:
    await send(notes, BEN, ANA, anonymous=True)
    assert await notes.block(await newest_id(db), ANA)
    for table in ("ll_notes", "ll_note_blocks", "ll_anonymous_sends"):
        rows = await db.fetch_all(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
        assert rows, table
        assert all(str(BEN) not in str(value) for row in rows for value in tuple(row)), table
    assert await notes.is_blocked(ANA, BEN)


async def test_an_anonymous_sender_is_hidden_in_the_recipients_export(notes: NoteStore) -> None:
    await send(notes, BEN, ANA, anonymous=True)
    await send(notes, CY, ANA, anonymous=False)
    received = (await notes.export_member(ANA))["notes_received"]
    assert [n["from"] for n in received] == [None, str(CY)]
    assert str(BEN) not in repr(await notes.export_member(ANA))
    assert [n["to"] for n in (await notes.export_member(BEN))["notes_sent"]] == [str(ANA)]


async def test_the_daily_limit_counts_anonymous_notes_only_for_a_day(
    notes: NoteStore, clock: OffsetClock
) -> None:
    for _ in range(LIMIT):
        assert await send(notes, BEN, ANA, anonymous=True) is NoteVerdict.SENT
    assert await send(notes, BEN, CY, anonymous=True) is NoteVerdict.LIMITED
    assert await send(notes, BEN, ANA, anonymous=False) is NoteVerdict.SENT, "named is free"
    assert await notes.anonymous_sent_since(BEN, START - timedelta(days=1)) == LIMIT
    clock.advance(timedelta(days=1, seconds=1))
    assert await send(notes, BEN, ANA, anonymous=True) is NoteVerdict.SENT


async def test_notes_sent_at_once_never_pass_the_daily_limit(notes: NoteStore) -> None:
    verdicts = await asyncio.gather(*(send(notes, BEN, ANA, anonymous=True) for _ in range(8)))
    assert verdicts.count(NoteVerdict.SENT) == LIMIT
    assert verdicts.count(NoteVerdict.LIMITED) == 8 - LIMIT


async def test_a_refused_letter_leaves_no_note_and_uses_no_limit(
    notes: NoteStore, db: Database
) -> None:
    verdict = await notes.send(GUILD, BEN, ANA, anonymous=True, daily_limit=LIMIT, deliver=refuse)
    assert verdict is NoteVerdict.REFUSED
    assert await db.fetch_value("SELECT COUNT(*) FROM ll_notes") == 0
    assert await notes.anonymous_sent_since(BEN, START - timedelta(days=1)) == 0


async def test_the_limit_and_a_block_survive_the_senders_deletion_but_not_the_recipients(
    notes: NoteStore, db: Database
) -> None:
    for _ in range(LIMIT):
        await send(notes, BEN, ANA, anonymous=True)
    note = await newest_id(db)
    assert await notes.report(note, ANA) and not await notes.report(note, ANA)
    assert not await notes.block(note, CY), "only its recipient can block through it"
    assert await notes.block(note, ANA)
    async with db.transaction():
        await notes.delete_member(BEN)
    assert await notes.note(note) is None
    assert (await notes.export_member(BEN))["notes_sent"] == []
    assert await notes.is_blocked(ANA, BEN), "ana's boundary stays"
    assert await send(notes, BEN, CY, anonymous=True) is NoteVerdict.LIMITED, "so does the limit"
    assert await send(notes, BEN, ANA, anonymous=False) is NoteVerdict.REFUSED
    async with db.transaction():
        await notes.delete_member(ANA)
    assert not await notes.is_blocked(ANA, BEN)


async def test_deleting_a_guild_keeps_the_notes_of_other_guilds(
    notes: NoteStore, db: Database
) -> None:
    for guild in (GUILD, OTHER):
        await send(notes, BEN, ANA, anonymous=False, guild=guild)
    async with db.transaction():
        await notes.delete_guild(GUILD)
    received = (await notes.export_member(ANA))["notes_received"]
    assert [n["server"] for n in received] == [str(OTHER)]
