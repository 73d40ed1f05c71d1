"""Storage: pragmas, transactions and migrations against a real SQLite file."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.storage.database import (
    Database,
    DatabaseError,
    Migration,
    discover_migrations,
    from_db_time,
    split_statements,
    to_db_time,
)


def schema_of(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
    return [(t, n, s or "") for t, n, s in rows]


async def test_open_turns_on_wal_and_foreign_keys(db: Database) -> None:
    journal = await db.fetch_one("PRAGMA journal_mode")
    fks = await db.fetch_one("PRAGMA foreign_keys")
    assert journal is not None and journal[0] == "wal"
    assert fks is not None and fks[0] == 1


async def test_fresh_database_reaches_latest_version(db: Database) -> None:
    assert await db.schema_version() == discover_migrations()[-1].version


@pytest.mark.parametrize("start_at", range(len(discover_migrations()) + 1))
async def test_migrating_from_every_earlier_version_gives_the_fresh_schema(
    tmp_path: Path, start_at: int
) -> None:
    migrations = discover_migrations()
    fresh = tmp_path / "fresh.db"
    fresh_db = await Database.open(fresh)
    await fresh_db.close()

    partial = tmp_path / "partial.db"
    old = await Database.open(partial, migrate=False)
    await old.migrate(migrations[:start_at])
    assert await old.schema_version() == start_at
    await old.close()

    upgraded = await Database.open(partial)
    assert await upgraded.schema_version() == migrations[-1].version
    await upgraded.close()
    assert schema_of(partial) == schema_of(fresh)


async def test_a_failing_migration_changes_nothing(tmp_path: Path, db_path: Path) -> None:
    bad = tmp_path / "0001_bad.sql"
    bad.write_text("CREATE TABLE a (x INTEGER);\nTHIS IS NOT SQL;\n", encoding="utf-8")
    db = await Database.open(db_path, migrate=False)
    with pytest.raises(sqlite3.OperationalError):
        await db.migrate([Migration(1, "bad", bad)])
    assert await db.schema_version() == 0
    assert await db.fetch_all("SELECT name FROM sqlite_master WHERE name = 'a'") == []
    await db.close()


async def test_a_newer_database_is_refused_with_a_clear_message(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 999")
    with pytest.raises(DatabaseError, match="newer than this Kindred knows"):
        await Database.open(db_path)


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
    db = await Database.open(db_path)
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
        assert conn.execute("PRAGMA user_version").fetchone()[0] == await db.schema_version()


async def test_an_unopenable_path_is_a_database_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(DatabaseError, match="cannot"):
        await Database.open(blocker / "kindred.db")


def test_migrations_are_numbered_without_gaps(tmp_path: Path) -> None:
    (tmp_path / "0001_a.sql").write_text("SELECT 1;", encoding="utf-8")
    (tmp_path / "0003_c.sql").write_text("SELECT 1;", encoding="utf-8")
    with pytest.raises(DatabaseError, match="should be 2"):
        discover_migrations(tmp_path)


def test_split_statements_keeps_triggers_whole() -> None:
    script = """
    -- a comment
    CREATE TABLE t (x INTEGER);
    CREATE TRIGGER tr AFTER INSERT ON t BEGIN
        UPDATE t SET x = 1;
        UPDATE t SET x = 2;
    END;
    """
    statements = split_statements(script)
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


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
