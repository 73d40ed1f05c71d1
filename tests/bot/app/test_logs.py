"""At DEBUG, discord.py's HTTP and gateway loggers would write tokens and members' words."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app.logs import QUIET_LOGGERS, setup_logging
from bot.app.settings import Settings


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    levels = {name: logging.getLogger(name).level for name in (*QUIET_LOGGERS, "apscheduler")}
    yield
    root.handlers[:], root.level = saved[0], saved[1]
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.usefixtures("restore_logging")
def test_debug_keeps_discord_http_and_gateway_at_info(tmp_path: Path) -> None:
    setup_logging(Settings(token=None, database_path=tmp_path / "k.db", log_level="DEBUG"))
    assert logging.getLogger().level == logging.DEBUG
    for name in ("discord.http", "discord.gateway", "discord.webhook.async_"):
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name
    assert logging.getLogger("bot.outbound.scheduler").isEnabledFor(logging.DEBUG)


@pytest.mark.usefixtures("restore_logging")
def test_quieter_levels_are_kept_as_asked(tmp_path: Path) -> None:
    setup_logging(Settings(token=None, database_path=tmp_path / "k.db", log_level="ERROR"))
    assert not logging.getLogger("discord.http").isEnabledFor(logging.WARNING)
    assert not logging.getLogger("bot").isEnabledFor(logging.WARNING)
