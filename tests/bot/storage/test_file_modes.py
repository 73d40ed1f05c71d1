"""The database, its WAL and every backup are readable by the owner only (0600)."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.storage.database import Database


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The common default (0022) would make every new file world-readable."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def write_something(db: Database) -> None:
    await db.execute("CREATE TABLE IF NOT EXISTS t (x)")
    await db.execute("INSERT INTO t VALUES (1)")


async def test_a_new_database_and_its_wal_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "kindred.db"
    db = await Database.open(path)
    try:
        await write_something(db)
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        assert wal.exists() and shm.exists()
        assert {p.name: mode_of(p) for p in (path, wal, shm)} == {
            "kindred.db": 0o600,
            "kindred.db-wal": 0o600,
            "kindred.db-shm": 0o600,
        }
    finally:
        await db.close()


async def test_a_world_readable_database_is_tightened_at_open(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "kindred.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    path.chmod(0o644)
    caplog.set_level(logging.WARNING)
    db = await Database.open(path)
    try:
        await write_something(db)
        assert mode_of(path) == 0o600
        assert mode_of(Path(f"{path}-wal")) == 0o600
        assert mode_of(Path(f"{path}-shm")) == 0o600
    finally:
        await db.close()
    assert any("only its owner" in r.getMessage() for r in caplog.records)


async def test_an_owner_only_database_opens_without_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "kindred.db"
    caplog.set_level(logging.WARNING)
    db = await Database.open(path)
    await db.close()
    db = await Database.open(path)
    await db.close()
    assert [r.getMessage() for r in caplog.records] == []


async def test_a_backup_is_owner_only(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "kindred.db")
    try:
        await write_something(db)
        target = tmp_path / "backups" / "copy.db"
        await db.backup_to(target)
    finally:
        await db.close()
    assert mode_of(target) == 0o600
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT x FROM t").fetchall() == [(1,)]


async def test_a_backup_over_a_world_readable_file_is_tightened(tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.touch(mode=0o644)
    db = await Database.open(tmp_path / "kindred.db")
    try:
        await write_something(db)
        await db.backup_to(target)
    finally:
        await db.close()
    assert mode_of(target) == 0o600
