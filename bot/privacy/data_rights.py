"""Every part of Kindred that stores member data can export it and delete it.

Each owner (a feature's cog, or a core service) implements :class:`DataOwner` and
registers itself with the bot's :class:`DataRights`. A member's export or deletion then
covers the whole bot without knowing any feature, and a test fails if a table that holds
member data is claimed by no owner.

Deletion runs every owner inside one transaction, so it is all or nothing. Owners return
the bot's messages that carry the member's words; those are written to
``post_deletions`` in the same transaction and deleted from Discord afterwards (and again
after a restart if the process died in between).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.storage.database import Database, to_db_time

SERVER_DATA_GRACE = timedelta(days=30)
# The registry's own bookkeeping: which servers Kindred left (purged with the server),
# and posts still to delete (message ids only).
OWN_TABLES = ("guild_presence", "post_deletions")


@dataclass(frozen=True, slots=True)
class PostRef:
    """A message Kindred posted that must go when its author's data goes."""

    channel_id: int
    message_id: int


class DataOwner(Protocol):
    """What a part of Kindred that stores member or server data implements.

    ``delete_member`` and ``delete_guild`` run inside the caller's transaction: every
    :class:`Database` call they make joins it, so deletion stays all or nothing.
    """

    #: the section name in an export, e.g. "boundaries" or "private messages"
    data_name: str
    #: every table this owner stores member or server data in
    data_tables: tuple[str, ...]

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        """Everything stored about this member (and nothing about anyone else), as JSON."""
        ...

    async def delete_member(self, user_id: int) -> list[PostRef]:
        """Delete every row of this member; return the bot's posts that carry their words."""
        ...

    async def delete_guild(self, guild_id: int) -> None:
        """Delete everything this owner keeps about a server Kindred left 30 days ago."""
        ...


@dataclass(frozen=True, slots=True)
class Deletion:
    """What deleting a member's data removed."""

    sections: tuple[str, ...]
    posts: int


class DataRights:
    """The registry of data owners and the export/delete/purge that span them all."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._owners: dict[str, DataOwner] = {}

    def register(self, owner: DataOwner) -> None:
        if owner.data_name in self._owners and self._owners[owner.data_name] is not owner:
            raise ValueError(f"two data owners are both called {owner.data_name!r}")
        self._owners[owner.data_name] = owner

    def unregister(self, owner: DataOwner) -> None:
        if self._owners.get(owner.data_name) is owner:
            del self._owners[owner.data_name]

    @property
    def owners(self) -> list[DataOwner]:
        return list(self._owners.values())

    def claimed_tables(self) -> dict[str, str]:
        """table -> the owner that claims it (the registry claims its own bookkeeping)."""
        claimed = dict.fromkeys(OWN_TABLES, "data rights")
        claimed.update(
            {table: o.data_name for o in self._owners.values() for table in o.data_tables}
        )
        return claimed

    async def export(self, user_id: int, now: datetime) -> dict[str, Any]:
        sections = {name: dict(await o.export_member(user_id)) for name, o in self._sorted()}
        return {
            "about": "Everything Kindred holds about you, by feature.",
            "user_id": str(user_id),
            "exported_at": to_db_time(now),
            "data": sections,
        }

    async def delete(self, user_id: int, now: datetime) -> Deletion:
        """Delete the member everywhere at once, and queue their posts for deletion."""
        posts: list[PostRef] = []
        async with self._db.transaction():
            for _, owner in self._sorted():
                posts.extend(await owner.delete_member(user_id))
            await self._db.execute_many(
                """
                INSERT INTO post_deletions (channel_id, message_id, requested_at)
                VALUES (?, ?, ?) ON CONFLICT DO NOTHING
                """,
                [(p.channel_id, p.message_id, to_db_time(now)) for p in posts],
            )
        return Deletion(tuple(name for name, _ in self._sorted()), len(set(posts)))

    # -- servers ------------------------------------------------------------------------

    async def guild_joined(self, guild_id: int, now: datetime) -> None:
        """Present (again): a server that comes back within 30 days keeps its data."""
        await self._db.execute(
            """
            INSERT INTO guild_presence (guild_id, joined_at) VALUES (?, ?)
            ON CONFLICT (guild_id) DO UPDATE SET left_at = NULL
            """,
            (guild_id, to_db_time(now)),
        )

    async def guild_left(self, guild_id: int, now: datetime) -> None:
        await self._db.execute(
            """
            INSERT INTO guild_presence (guild_id, joined_at, left_at) VALUES (?, ?, ?)
            ON CONFLICT (guild_id) DO UPDATE SET left_at = COALESCE(left_at, excluded.left_at)
            """,
            (guild_id, to_db_time(now), to_db_time(now)),
        )

    async def reconcile_guilds(self, present: set[int], now: datetime) -> None:
        """After connecting: servers that removed Kindred while it was down count as left."""
        rows = await self._db.fetch_all("SELECT guild_id FROM guild_presence WHERE left_at IS NULL")
        for row in rows:
            if int(row["guild_id"]) not in present:
                await self.guild_left(int(row["guild_id"]), now)
        for guild_id in present:
            await self.guild_joined(guild_id, now)

    async def purge_departed(self, now: datetime) -> list[int]:
        """Delete the data of every server Kindred left more than 30 days ago."""
        cutoff = to_db_time(now - SERVER_DATA_GRACE)
        rows = await self._db.fetch_all(
            "SELECT guild_id FROM guild_presence WHERE left_at IS NOT NULL AND left_at <= ?",
            (cutoff,),
        )
        purged: list[int] = []
        for row in rows:
            guild_id = int(row["guild_id"])
            async with self._db.transaction():
                for _, owner in self._sorted():
                    await owner.delete_guild(guild_id)
                await self._db.execute("DELETE FROM guild_presence WHERE guild_id = ?", (guild_id,))
            purged.append(guild_id)
        return purged

    # -- posts to delete ----------------------------------------------------------------

    async def pending_post_deletions(self) -> list[PostRef]:
        rows = await self._db.fetch_all(
            "SELECT channel_id, message_id FROM post_deletions ORDER BY requested_at"
        )
        return [PostRef(int(r["channel_id"]), int(r["message_id"])) for r in rows]

    async def post_deleted(self, post: PostRef) -> None:
        await self._db.execute(
            "DELETE FROM post_deletions WHERE channel_id = ? AND message_id = ?",
            (post.channel_id, post.message_id),
        )

    async def post_deletion_failed(self, post: PostRef, *, give_up_after: int = 5) -> None:
        async with self._db.transaction():
            await self._db.execute(
                """
                UPDATE post_deletions SET attempts = attempts + 1
                 WHERE channel_id = ? AND message_id = ?
                """,
                (post.channel_id, post.message_id),
            )
            await self._db.execute(
                "DELETE FROM post_deletions WHERE attempts >= ?", (give_up_after,)
            )

    def _sorted(self) -> list[tuple[str, DataOwner]]:
        return sorted(self._owners.items())
