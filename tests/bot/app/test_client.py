"""The Bot subclass without a connection: features found by walking, tasks watched."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.app.client import Kindred, discover_extensions
from bot.app.settings import Settings
from bot.storage.database import Database
from tests.support.keys import make_test_vault


def test_features_are_found_by_walking_the_package() -> None:
    assert "cogs.help" in discover_extensions("cogs")
    assert discover_extensions("tests.e2e.probes") == ["tests.e2e.probes.probe"]


async def test_a_failing_background_task_is_logged_not_lost(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = await Database.open(db_path)
    bot = Kindred(Settings(token=None, database_path=db_path), db, vault=make_test_vault())

    async def breaks() -> None:
        raise ValueError("something broke in the background")

    task = bot.spawn(breaks(), name="breaks")
    with caplog.at_level(logging.ERROR, logger="bot.app.client"):
        await asyncio.gather(task, return_exceptions=True)
        await asyncio.sleep(0)
    [record] = [r for r in caplog.records if r.name == "bot.app.client"]
    assert "background task breaks failed" in record.getMessage()
    assert record.exc_info and "something broke" in str(record.exc_info[1])
    await bot.close()


async def test_close_cancels_background_tasks_and_closes_the_database(db_path: Path) -> None:
    db = await Database.open(db_path)
    bot = Kindred(Settings(token=None, database_path=db_path), db, vault=make_test_vault())
    forever = bot.spawn(asyncio.Event().wait(), name="forever")
    await bot.close()
    assert forever.cancelled()
    with pytest.raises(ValueError, match="no active connection"):
        await db.fetch_one("SELECT 1")
    await bot.close()  # a second close is harmless
