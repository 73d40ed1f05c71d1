"""Fixtures shared by the whole suite: a real SQLite file per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.database import Database
from tests.support.schema import open_migrated


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kindred.db"


@pytest.fixture
async def db(db_path: Path) -> AsyncIterator[Database]:
    database = await open_migrated(db_path)
    try:
        yield database
    finally:
        await database.close()
