"""Storage: pragmas and transactions against a real SQLite file (the schema's own tests are
in test_schema.py)."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.storage.database import Database, DatabaseError, from_db_time, to_db_time
from tests.support.schema import open_migrated, versions_of


async def test_open_turns_on_wal_and_foreign_keys(db: Database) -> None:
    journal = await db.fetch_one("PRAGMA journal_mode")
    fks = await db.fetch_one("PRAGMA foreign_keys")
    assert journal is not None and journal[0] == "wal"
    assert fks is not None and fks[0] == 1


async def test_transaction_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO notices (user_id, dedupe_key, text, created_at)"
                " VALUES (1, 'k', 't', 'x')"
            )
            raise RuntimeError("boom")
    assert await db.fetch_all("SELECT * FROM notices") == []


async def test_a_committed_write_survives_reopening(db_path: Path) -> None:
    db = await open_migrated(db_path)
    await db.execute(
        "INSERT INTO notices (user_id, dedupe_key, text, created_at) VALUES (7, 'k', 'hi', 'x')"
    )
    await db.close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT user_id, text FROM notices").fetchall() == [(7, "hi")]


async def test_backup_is_a_consistent_copy(db: Database, tmp_path: Path) -> None:
    await db.execute(
        "INSERT INTO notices (user_id, dedupe_key, text, created_at) VALUES (7, 'k', 'hi', 'x')"
    )
    target = tmp_path / "backups" / "copy.db"
    await db.backup_to(target)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT text FROM notices").fetchall() == [("hi",)]
    assert versions_of(target) == versions_of(db.path)


async def test_an_unopenable_path_is_a_database_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(DatabaseError, match="cannot"):
        await Database.open(blocker / "kindred.db")


def test_times_are_stored_as_sortable_utc_text() -> None:
    plus_two = timezone(timedelta(hours=2))
    instant = datetime(2026, 3, 29, 3, 0, tzinfo=plus_two)
    text = to_db_time(instant)
    assert text == "2026-03-29T01:00:00+00:00"
    assert from_db_time(text) == instant
    earlier = to_db_time(datetime(2026, 3, 29, 0, 59, tzinfo=UTC))
    assert earlier < text
    with pytest.raises(ValueError, match="naive"):
        to_db_time(datetime(2026, 1, 1))  # noqa: DTZ001 - the point of the test


async def test_a_transaction_cancelled_while_beginning_leaves_none_open(db: Database) -> None:
    await db.execute("CREATE TABLE t (x INTEGER)")
    task = asyncio.get_running_loop().create_task(db.execute("INSERT INTO t VALUES (1)"))
    for _ in range(3):  # let it take the lock and send BEGIN to aiosqlite's thread
        await asyncio.sleep(0)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert await db.execute("INSERT INTO t VALUES (2)") == 1
    rows = await db.fetch_all("SELECT x FROM t")
    assert [r[0] for r in rows] in ([2], [1, 2])


# -- calls made inside a transaction join it -----------------------------------------------

HANG_GUARD = 10.0  # seconds; only there so a regression fails instead of hanging the suite


async def test_a_helper_called_inside_a_transaction_joins_it_instead_of_deadlocking(
    db: Database,
) -> None:
    """Before the context variable, the helper waited forever on the lock its caller held."""
    await db.execute("CREATE TABLE t (x INTEGER)")

    async def helper() -> int:  # like a repository method that reads, then writes
        count = int(await db.fetch_value("SELECT COUNT(*) FROM t"))
        await db.execute("INSERT INTO t VALUES (?)", (count + 10,))
        return count

    async def caller() -> int:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO t VALUES (1)")
            return await helper()

    assert await asyncio.wait_for(caller(), HANG_GUARD) == 1
    assert [r[0] for r in await db.fetch_all("SELECT x FROM t ORDER BY x")] == [1, 11]


async def test_a_nested_transaction_is_part_of_the_outer_one(db: Database) -> None:
    await db.execute("CREATE TABLE t (x INTEGER)")

    async def nested() -> None:
        async with db.transaction():
            await db.execute("INSERT INTO t VALUES (1)")
            async with db.transaction():
                await db.execute("INSERT INTO t VALUES (2)")
            assert len(await db.fetch_all("SELECT x FROM t")) == 2  # seen inside
            raise RuntimeError("the outer block fails after the inner one ended")

    with pytest.raises(RuntimeError):
        await asyncio.wait_for(nested(), HANG_GUARD)
    assert await db.fetch_all("SELECT x FROM t") == []  # the inner write went with it


async def test_another_task_waits_for_the_transaction_instead_of_joining_it(
    db: Database,
) -> None:
    """A task started inside a transaction inherits the context variable; it must still
    wait for the commit, never read the half-finished state or write into it."""
    await db.execute("CREATE TABLE t (x INTEGER)")
    seen: list[int] = []

    async def other() -> None:
        seen.append(int(await db.fetch_value("SELECT COUNT(*) FROM t")))
        await db.execute("INSERT INTO t VALUES (99)")

    async def writer() -> asyncio.Task[None]:
        async with db.transaction():
            await db.execute("INSERT INTO t VALUES (1)")
            task = asyncio.get_running_loop().create_task(other())
            for _ in range(5):
                await asyncio.sleep(0)
            await db.execute("INSERT INTO t VALUES (2)")
            assert seen == []  # still waiting on the lock
        return task

    task = await asyncio.wait_for(writer(), HANG_GUARD)
    await asyncio.wait_for(task, HANG_GUARD)
    assert seen == [2]
    assert [r[0] for r in await db.fetch_all("SELECT x FROM t ORDER BY x")] == [1, 2, 99]


async def test_insert_returning_gives_the_row_or_says_it_gave_none(db: Database) -> None:
    await db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)")
    row = await db.insert_returning("INSERT INTO t (x) VALUES (?) RETURNING id, x", (5,))
    assert (row["id"], row["x"]) == (1, 5)
    with pytest.raises(DatabaseError, match="returned no row"):
        await db.insert_returning("UPDATE t SET x = 6 WHERE id = 42 RETURNING id")


async def test_deleted_rows_leave_no_bytes_behind_in_the_file(tmp_path: Path) -> None:
    """What a deletion removes is zeroed, not left in a free page for anyone who reads the
    file (a pseudonym migration drops tables that held members' ids in clear)."""
    path = tmp_path / "kindred.db"
    marker = "member-1577539823823093950-in-clear"
    db = await Database.open(path)
    try:
        # Set on every connection: some SQLite builds default to it, others do not.
        assert await db.fetch_value("PRAGMA secure_delete") == 1
        await db.execute("CREATE TABLE kept (x TEXT)")
        await db.execute("CREATE TABLE dropped (x TEXT)")
        await db.execute_many("INSERT INTO dropped VALUES (?)", [(marker,)] * 200)
        await db.execute("INSERT INTO kept VALUES ('still here')")
        await db.execute("DELETE FROM dropped")
        await db.execute("DROP TABLE dropped")
    finally:
        await db.close()  # the last connection checkpoints the WAL into the file
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("kindred.db"))
    assert b"still here" in raw
    assert marker.encode() not in raw
