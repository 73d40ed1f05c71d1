"""Things to tell someone the next time they use a command.

Kindred never DMs an admin out of the blue. When a channel stops accepting posts, or a
member's DMs turn out to be closed, a notice is stored here and shown (ephemerally) after
the next command that person uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database, to_db_time
from bot.timing.clock import Clock

KEEP_DELIVERED = timedelta(days=30)


class Notices:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def tell_admins(self, guild_id: int, dedupe_key: str, text: str) -> None:
        """Queue a notice for whichever admin of the guild uses a command next."""
        await self._add(guild_id, None, dedupe_key, text)

    async def tell_member(self, user_id: int, dedupe_key: str, text: str) -> None:
        await self._add(None, user_id, dedupe_key, text)

    async def _add(self, guild_id: int | None, user_id: int | None, key: str, text: str) -> None:
        await self._db.execute(
            """
            INSERT INTO notices (guild_id, user_id, dedupe_key, text, created_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (dedupe_key) WHERE delivered_at IS NULL DO NOTHING
            """,
            (guild_id, user_id, key, text, to_db_time(self._clock.now())),
        )

    async def collect(self, user_id: int, guild_id: int | None, *, is_admin: bool) -> list[str]:
        """Take the pending notices for this person, marking them delivered."""
        now = to_db_time(self._clock.now())
        admin_guild = guild_id if is_admin else None
        async with self._db.transaction():
            rows = await self._db.fetch_all(
                """
                SELECT id, text FROM notices
                 WHERE delivered_at IS NULL AND (user_id = ? OR guild_id = ?)
                 ORDER BY id
                """,
                (user_id, admin_guild),
            )
            await self._db.execute_many(
                "UPDATE notices SET delivered_at = ? WHERE id = ?",
                [(now, row["id"]) for row in rows],
            )
        return [str(row["text"]) for row in rows]

    async def forget_delivered(self, now: datetime) -> int:
        """Shown notices are kept a while (for support), then removed by the daily tidy."""
        return await self._db.execute(
            "DELETE FROM notices WHERE delivered_at IS NOT NULL AND delivered_at <= ?",
            (to_db_time(now - KEEP_DELIVERED),),
        )

    # -- data rights: a member's own notices are theirs; admin notices belong to the server

    data_name: str = "notices"
    data_tables: tuple[str, ...] = ("notices",)

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        rows = await self._db.fetch_all(
            "SELECT text, created_at, delivered_at FROM notices WHERE user_id = ? ORDER BY id",
            (user_id,),
        )
        return {"notices": [dict(row) for row in rows]}

    async def delete_member(self, user_id: int) -> list[PostRef]:
        await self._db.execute("DELETE FROM notices WHERE user_id = ?", (user_id,))
        return []

    async def delete_guild(self, guild_id: int) -> None:
        await self._db.execute("DELETE FROM notices WHERE guild_id = ?", (guild_id,))
