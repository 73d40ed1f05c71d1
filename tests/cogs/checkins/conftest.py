"""A real SQLite file with the check-ins' migration applied beside every shipped feature's,
the same way start-up applies them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.client import discover_extensions
from bot.storage.database import Database
from bot.storage.schema import Schema
from bot.storage.vault import Vault


@pytest.fixture
async def checkin_db(tmp_path: Path) -> AsyncIterator[Database]:
    schema = Schema.for_features(discover_extensions())
    database = await schema.open(tmp_path / "kindred.db")
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
def vault() -> Vault:
    return Vault([Vault.generate_key()], pseudonym_key=b"k" * 32)
