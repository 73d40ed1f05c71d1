"""The daily-question stores over one real SQLite file per test, sharing one clock."""

from __future__ import annotations

import pytest

from bot.storage.database import Database
from bot.timing.clock import OffsetClock
from tests.cogs.questions.repository.stores import START, Stores


@pytest.fixture
def clock() -> OffsetClock:
    return OffsetClock(START)


@pytest.fixture
def stores(db: Database, clock: OffsetClock) -> Stores:
    return Stores.over(db, clock)
