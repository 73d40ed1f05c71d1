"""No row id is ever handed out twice, in any table of any component (STYLE.md: ids that a
``custom_id`` carries are never reused for another row).

With a plain ``INTEGER PRIMARY KEY``, SQLite gives a new row the id of the newest one
deleted, so an old button (or a job, or a notice an admin quotes) pointing at a deleted row
would act on someone else's new one. ``AUTOINCREMENT`` never reuses an id. Checking every
surrogate ``id`` of the schema a real install builds, rather than a list of tables, is what
covers the tables a future feature adds.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from tests.support.schema import open_migrated

ROWID_ID = re.compile(r"^\s*id\s+INTEGER\s+PRIMARY\s+KEY\b(?P<rest>[^,\n]*)", re.I | re.M)
SINGLETON = re.compile(r"CHECK\s*\(\s*id\s*=\s*1\s*\)", re.I)


def reusable_ids(tables: list[tuple[str, str]]) -> list[str]:
    """Tables whose ``id`` is a rowid SQLite may hand out again (one-row tables aside:
    their single id is fixed)."""
    found = []
    for name, sql in tables:
        match = ROWID_ID.search(sql)
        if match is None or SINGLETON.search(match["rest"]):
            continue
        if "AUTOINCREMENT" not in match["rest"].upper():
            found.append(name)
    return found


def tables_of(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL"
        ).fetchall()
    return [(str(n), str(s)) for n, s in rows]


async def test_every_row_id_in_the_schema_is_never_reused(tmp_path: Path) -> None:
    db = await open_migrated(tmp_path / "kindred.db")
    await db.close()
    tables = tables_of(tmp_path / "kindred.db")
    assert len(tables) > 20, "the check must see the whole schema"
    assert reusable_ids(tables) == []


def test_the_check_finds_a_reusable_id_and_spares_the_rest() -> None:
    tables = [
        ("plain", "CREATE TABLE plain (\n    id INTEGER PRIMARY KEY,\n    x TEXT\n)"),
        ("lasting", "CREATE TABLE lasting (\n    id INTEGER PRIMARY KEY AUTOINCREMENT\n)"),
        ("one_row", "CREATE TABLE one_row (\n    id INTEGER PRIMARY KEY CHECK (id = 1)\n)"),
        ("natural", "CREATE TABLE natural (\n    user_id INTEGER PRIMARY KEY\n)"),
    ]
    assert reusable_ids(tables) == ["plain"]


async def test_a_deleted_letters_id_is_not_given_to_the_next(tmp_path: Path) -> None:
    """The behaviour the schema check stands for, on one of the rebuilt core tables."""
    db = await open_migrated(tmp_path / "kindred.db")
    try:
        insert = (
            "INSERT INTO deliveries (user_id, kind, state, due_at, nonce, created_at) "
            "VALUES (1001, 'note', 'waiting', 't', ?, 't') RETURNING id"
        )
        first = int((await db.insert_returning(insert, ("n-1",)))[0])
        await db.execute("DELETE FROM deliveries WHERE id = ?", (first,))
        second = int((await db.insert_returning(insert, ("n-2",)))[0])
        assert second > first
    finally:
        await db.close()
