"""Logging set-up: one format, and the loggers that must never log secrets kept quiet."""

from __future__ import annotations

import logging
import sys

from bot.app.settings import Settings, log_level_number

# At DEBUG, discord.py's HTTP logger writes request bodies and URLs carrying interaction
# tokens and user text; the gateway logger writes whole payloads.
QUIET_LOGGERS = ("discord.http", "discord.gateway", "discord.webhook.async_")


def setup_logging(settings: Settings) -> None:
    level = log_level_number(settings)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(level, logging.INFO))
    logging.getLogger("apscheduler").setLevel(max(level, logging.WARNING))
