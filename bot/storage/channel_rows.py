"""A feature's row per channel, and the "post one now" cooldown kept on it.

Features that post in channels keep one row per channel in a table of their own, keyed by
``channel_id`` with its ``guild_id``, created the first time the channel needs one. A
feature whose members may ask for a post now keeps the last such moment in ``last_now_at``;
checking and taking that slot is one statement, so two members asking at once take one.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.storage.database import Database, to_db_time
from bot.timing.clock import Clock

_TABLE = re.compile(r"[a-z_]+")


class ChannelRows:
    """One feature's per-channel table (its name is fixed by the feature, never user input)."""

    def __init__(self, db: Database, clock: Clock, table: str) -> None:
        if not _TABLE.fullmatch(table):
            raise ValueError(f"not a table name: {table!r}")
        self._db = db
        self._clock = clock
        self._table = table

    async def ensure(self, channel_id: int, guild_id: int) -> None:
        """The channel's row, created with the table's defaults if it has none yet."""
        await self._db.execute(
            f"INSERT INTO {self._table} (channel_id, guild_id) VALUES (?, ?) "  # noqa: S608 - fixed name
            "ON CONFLICT (channel_id) DO NOTHING",
            (channel_id, guild_id),
        )

    async def claim_now_slot(
        self, channel_id: int, guild_id: int, cooldown_start: datetime
    ) -> bool:
        """Take the channel's "now" slot unless one was taken after ``cooldown_start``."""
        async with self._db.transaction():
            await self.ensure(channel_id, guild_id)
            changed = await self._db.execute(
                f"UPDATE {self._table} SET last_now_at = ? WHERE channel_id = ? "  # noqa: S608 - fixed name
                "AND (last_now_at IS NULL OR last_now_at <= ?)",
                (to_db_time(self._clock.now()), channel_id, to_db_time(cooldown_start)),
            )
            return changed > 0

    async def release_now_slot(self, channel_id: int) -> None:
        """Give the slot back: the post it was taken for never reached the channel."""
        await self._db.execute(
            f"UPDATE {self._table} SET last_now_at = NULL WHERE channel_id = ?",  # noqa: S608 - fixed name
            (channel_id,),
        )
