"""The Bot subclass without a connection: features found by walking, tasks watched."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import discord
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


async def test_close_lets_a_send_under_way_finish_while_the_connection_is_up(
    db_path: Path,
) -> None:
    """One drain for every scheduled post and letter: it is recorded before Discord goes."""
    db = await Database.open(db_path)
    bot = Kindred(Settings(token=None, database_path=db_path), db, vault=make_test_vault())
    started, release = asyncio.Event(), asyncio.Event()
    closed_when_recorded: list[bool] = []

    async def scheduled_send() -> datetime | None:
        started.set()
        await release.wait()
        closed_when_recorded.append(bot.is_closed())
        await db.fetch_one("SELECT 1")  # its record still reaches the database
        return None

    bot.engine.plan("test:send", scheduled_send)
    bot.engine.start()
    activating = asyncio.create_task(bot.engine.activate())
    await asyncio.wait_for(started.wait(), 5)
    waiting = bot.spawn(asyncio.Event().wait(), name="waiting")
    closing = asyncio.create_task(bot.close())
    await asyncio.sleep(0.05)
    assert not closing.done(), "close waits for the send under way"
    assert not waiting.done(), "the bot's own tasks are cancelled only after the connection"
    release.set()
    await asyncio.wait_for(closing, 5)
    await activating
    assert closed_when_recorded == [False]
    assert waiting.cancelled()
    assert bot.engine.stopping


async def test_close_lets_a_command_under_way_answer_before_disconnecting(db_path: Path) -> None:
    db = await Database.open(db_path)
    bot = Kindred(Settings(token=None, database_path=db_path), db, vault=make_test_vault())
    answer = asyncio.Event()
    closed_when_answering: list[bool] = []

    async def command() -> None:
        # discord.py asks the tree's interaction check first, in the command's own task.
        # A button press: no command options to hold to a declaration.
        press = SimpleNamespace(type=discord.InteractionType.component, command=None, data={})
        assert await bot.tree.interaction_check(cast("discord.Interaction[Kindred]", press))
        await answer.wait()
        closed_when_answering.append(bot.is_closed())

    running = asyncio.create_task(command())
    await asyncio.sleep(0)
    closing = asyncio.create_task(bot.close())
    await asyncio.sleep(0.05)
    assert not closing.done()
    answer.set()
    await asyncio.wait_for(closing, 5)
    assert closed_when_answering == [False]
    await running
