"""Snowflake ids that grow with time, as Discord's do."""

from __future__ import annotations

import datetime
import time

DISCORD_EPOCH_MS = 1_420_070_400_000


class SnowflakeGenerator:
    """Hands out unique, strictly increasing snowflakes for the current time."""

    def __init__(self, worker_id: int = 1, process_id: int = 0) -> None:
        self._worker = worker_id & 0x1F
        self._process = process_id & 0x1F
        self._last = 0
        self._increment = 0

    def next(self) -> int:
        """Return a new snowflake, larger than every one returned before."""
        now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        self._increment = (self._increment + 1) & 0xFFF
        value = (now_ms << 22) | (self._worker << 17) | (self._process << 12) | self._increment
        if value <= self._last:
            value = self._last + 1
        self._last = value
        return value


def snowflake_time(snowflake: int) -> datetime.datetime:
    """The moment a snowflake was made, as an aware UTC datetime."""
    ms = (snowflake >> 22) + DISCORD_EPOCH_MS
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC)


def iso_timestamp(moment: datetime.datetime | None = None) -> str:
    """Discord's ISO-8601 timestamp text for ``moment`` (now by default)."""
    moment = moment or datetime.datetime.now(tz=datetime.UTC)
    return moment.isoformat()
