"""Migration 0002 upgrades a database that already holds notes and blocks: rows and indexes
intact, ids never reused afterwards, and no anonymous sender left in clear once the cog has
adopted the legacy rows."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from bot.storage.schema import Component, Schema, feature_component
from cogs.lovelanguages.repository import NoteStore, NoteVerdict
from tests.support.keys import make_test_vault
from tests.support.schema import kindred_schema, open_migrated, schema_of

ANA, BEN, CY = 111111111111111111, 222222222222222222, 333333333333333333
GUILD = 10
T = "2026-06-02T11:00:00+00:00"
NOW = datetime(2026, 6, 2, 12, tzinfo=UTC)
PSEUDONYM = make_test_vault().pseudonym


class FixedClock:
    def now(self) -> datetime:
        return NOW


def first_release() -> Schema:
    """Every component as it is, but love languages as its first migration left it."""
    love = feature_component("cogs.lovelanguages")
    assert love is not None
    others = [c for c in kindred_schema().components if c.name != "lovelanguages"]
    return Schema([*others, Component(love.name, love.migrations[:1])])


async def build_old(path: Path) -> None:
    db = await first_release().open(path)
    await db.close()
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO ll_notes (id, guild_id, sender_id, recipient_id, anonymous, sent_at, "
            "reported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (1, GUILD, BEN, ANA, 1, T, T),
                (2, GUILD, CY, ANA, 0, T, None),
                (3, GUILD, BEN, CY, 1, T, None),
            ],
        )
        conn.execute("INSERT INTO ll_note_blocks VALUES (?, ?, ?)", (ANA, BEN, T))
    conn.close()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        found = conn.execute(sql).fetchall()
    conn.close()
    return found


async def test_an_old_database_with_notes_upgrades_with_its_rows_and_indexes(
    tmp_path: Path,
) -> None:
    old, fresh = tmp_path / "old.db", tmp_path / "fresh.db"
    await build_old(old)
    await (await open_migrated(fresh)).close()
    await (await open_migrated(old)).close()

    assert schema_of(old) == schema_of(fresh)
    assert rows(old, "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'll_no%'")
    assert rows(old, "SELECT * FROM ll_notes ORDER BY id") == [
        (1, GUILD, f"legacy:{BEN}", None, ANA, 1, T, T),
        (2, GUILD, f"legacy:{CY}", CY, ANA, 0, T, None),
        (3, GUILD, f"legacy:{BEN}", None, CY, 1, T, None),
    ]
    assert rows(old, "SELECT * FROM ll_note_blocks") == [(ANA, f"legacy:{BEN}", T)]
    assert rows(old, "SELECT * FROM ll_anonymous_sends") == [(f"legacy:{BEN}", T)] * 2


async def test_after_the_upgrade_ids_are_not_reused_and_no_anonymous_sender_is_in_clear(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    await build_old(path)
    db = await open_migrated(path)
    try:
        notes = NoteStore(db, FixedClock(), PSEUDONYM)
        assert await notes.adopt_legacy_rows() == 6
        assert await notes.adopt_legacy_rows() == 0, "once"
        await db.execute("DELETE FROM ll_notes WHERE id = 3")  # the newest note goes

        async def accept(note_id: int) -> bool:
            return True

        verdict = await notes.send(GUILD, CY, ANA, anonymous=False, daily_limit=3, deliver=accept)
        assert verdict is NoteVerdict.SENT
        assert await db.fetch_value("SELECT MAX(id) FROM ll_notes") == 4, "3 is not reused"
        assert await notes.is_blocked(ANA, BEN), "the old block holds, by pseudonym"
        assert await notes.anonymous_sent_since(BEN, datetime(2026, 6, 1, tzinfo=UTC)) == 2
        assert [n["to"] for n in (await notes.export_member(BEN))["notes_sent"]] == [str(ANA)]
    finally:
        await db.close()
    for table in ("ll_notes", "ll_note_blocks", "ll_anonymous_sends"):
        found = rows(path, f"SELECT * FROM {table}")  # noqa: S608 - fixed names
        assert all(str(BEN) not in str(value) for row in found for value in row), table
