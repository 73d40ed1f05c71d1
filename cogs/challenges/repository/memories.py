"""The memory jar: moments their authors kept, one shown at random to the server, and the
"A year ago today…" posts, each claimed before it is sent so it goes out once.

A kept moment is a completion with ``kept_at`` set (its author's own toggle). Its words are
the author's note or, when they left none, the challenge they did. An anniversary claim is
a row of ``challenge_anniversaries``, inserted before the post is sent: the one insert that
succeeds is the one post there will ever be. Removing a completion removes its claim and
hands back the anniversary post to delete; /mydata does the same through
:class:`MemoryDataOwner`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.storage.vault import Vault
from bot.timing.clock import Clock

_MEMORY_COLUMNS = """
    c.id, c.user_id, c.note_sealed, c.created_at, c.kept_at,
    p.guild_id, p.channel_id, p.challenge_text
"""


@dataclass(frozen=True, slots=True)
class Memory:
    """A kept moment, as the jar shows it."""

    completion_id: int
    guild_id: int
    channel_id: int  # the challenge's channel (not its thread): where an anniversary goes
    user_id: int
    note: str | None
    challenge: str
    done_at: datetime

    @property
    def words(self) -> str:
        """The author's own words: their note, or the challenge they did if they left none."""
        return self.note or self.challenge


@dataclass(frozen=True, slots=True)
class Removed:
    """What removing a completion took away: whose it was, and the anniversary post it had."""

    user_id: int
    anniversary: PostRef | None


def anniversary_of(done_at: datetime) -> date:
    """The first anniversary of a moment, by its UTC date (29 February's is 1 March)."""
    day = done_at.date()
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 3, 1)


class MemoryStore:
    def __init__(self, db: Database, vault: Vault, clock: Clock) -> None:
        self._db = db
        self._vault = vault
        self._clock = clock

    def _memory(self, row: Row) -> Memory:
        sealed = row["note_sealed"]
        return Memory(
            completion_id=int(row["id"]),
            guild_id=int(row["guild_id"]),
            channel_id=int(row["channel_id"]),
            user_id=int(row["user_id"]),
            note=self._vault.unseal(sealed) if sealed else None,
            challenge=str(row["challenge_text"]),
            done_at=from_db_time(row["created_at"]),
        )

    # -- keeping ------------------------------------------------------------------------

    async def toggle_keep(self, completion_id: int, user_id: int) -> bool | None:
        """Keep the author's moment, or take it out of the jar if it was kept; the new
        state, or None if the completion is gone or is not theirs. One statement, so two
        presses at once flip it twice rather than corrupting it."""
        rows = await self._db.fetch_all(
            """
            UPDATE challenge_completions
               SET kept_at = CASE WHEN kept_at IS NULL THEN ? ELSE NULL END
             WHERE id = ? AND user_id = ?
            RETURNING kept_at
            """,
            (to_db_time(self._clock.now()), completion_id, user_id),
        )
        return rows[0][0] is not None if rows else None

    async def random_in(self, guild_id: int, rng: random.Random) -> Memory | None:
        """One kept moment of this server, each equally likely; None if the jar is empty."""
        count = int(
            await self._db.fetch_value(
                "SELECT COUNT(*) FROM challenge_completions c "
                "JOIN challenge_posts p ON p.id = c.post_id "
                "WHERE p.guild_id = ? AND c.kept_at IS NOT NULL AND c.message_id IS NOT NULL",
                (guild_id,),
            )
            or 0
        )
        if count == 0:
            return None
        row = await self._db.fetch_one(
            f"SELECT {_MEMORY_COLUMNS} FROM challenge_completions c "  # noqa: S608 - fixed columns
            "JOIN challenge_posts p ON p.id = c.post_id "
            "WHERE p.guild_id = ? AND c.kept_at IS NOT NULL AND c.message_id IS NOT NULL "
            "ORDER BY c.id LIMIT 1 OFFSET ?",
            (guild_id, rng.randrange(count)),
        )
        return self._memory(row) if row else None

    # -- anniversaries ------------------------------------------------------------------

    async def due_anniversaries(self, today: date, late_days: int) -> list[Memory]:
        """Kept moments whose first anniversary is today or up to ``late_days`` ago and
        that were never claimed: a moment missed while the bot was down is still found for
        a few days, and never after."""
        # A moment done on day D has its anniversary between D + 365 and D + 366 days, so
        # these bounds hold every candidate; the exact date is checked below.
        earliest = today - timedelta(days=366 + late_days)
        latest = today - timedelta(days=364)
        rows = await self._db.fetch_all(
            f"SELECT {_MEMORY_COLUMNS} FROM challenge_completions c "  # noqa: S608 - fixed columns
            "JOIN challenge_posts p ON p.id = c.post_id "
            "WHERE c.kept_at IS NOT NULL AND c.message_id IS NOT NULL "
            "AND c.created_at >= ? AND c.created_at < ? "
            "AND NOT EXISTS (SELECT 1 FROM challenge_anniversaries a "
            "                 WHERE a.completion_id = c.id) "
            "ORDER BY c.id",
            (earliest.isoformat(), (latest + timedelta(days=1)).isoformat()),
        )
        memories = [self._memory(row) for row in rows]
        oldest = today - timedelta(days=late_days)
        return [m for m in memories if oldest <= anniversary_of(m.done_at) <= today]

    async def claim_anniversary(self, memory: Memory, nonce: str) -> bool:
        """Claim a moment's anniversary post before sending it; False if it was claimed
        already (by another run, or before a restart) or the moment is no longer kept."""
        changed = await self._db.execute(
            """
            INSERT INTO challenge_anniversaries
                (completion_id, guild_id, user_id, nonce, claimed_at)
            SELECT ?, ?, ?, ?, ? WHERE EXISTS (
                SELECT 1 FROM challenge_completions
                 WHERE id = ? AND user_id = ? AND kept_at IS NOT NULL)
            ON CONFLICT (completion_id) DO NOTHING
            """,
            (
                memory.completion_id,
                memory.guild_id,
                memory.user_id,
                nonce,
                to_db_time(self._clock.now()),
                memory.completion_id,
                memory.user_id,
            ),
        )
        return changed > 0

    async def anniversary_sent(self, completion_id: int, channel_id: int, message_id: int) -> bool:
        """Record where it went; False if its claim was deleted meanwhile (the author
        deleted their data or removed the moment while it was being sent)."""
        changed = await self._db.execute(
            "UPDATE challenge_anniversaries SET channel_id = ?, message_id = ?, sent_at = ? "
            "WHERE completion_id = ?",
            (channel_id, message_id, to_db_time(self._clock.now()), completion_id),
        )
        return changed > 0

    async def anniversary_post(self, completion_id: int) -> PostRef | None:
        row = await self._db.fetch_one(
            "SELECT channel_id, message_id FROM challenge_anniversaries "
            "WHERE completion_id = ? AND message_id IS NOT NULL",
            (completion_id,),
        )
        return PostRef(int(row[0]), int(row[1])) if row else None

    # -- removing a completion ----------------------------------------------------------

    async def remove(self, completion_id: int) -> Removed | None:
        """Remove a completion with everything hanging from it (its laughs, its place in
        the jar, its anniversary claim) in one transaction; None if it was already gone."""
        async with self._db.transaction():
            claim = await self._db.fetch_all(
                "DELETE FROM challenge_anniversaries WHERE completion_id = ? "
                "RETURNING channel_id, message_id",
                (completion_id,),
            )
            gone = await self._db.fetch_all(
                "DELETE FROM challenge_completions WHERE id = ? RETURNING user_id",
                (completion_id,),
            )
            if not gone:
                return None
        posted = [PostRef(int(r[0]), int(r[1])) for r in claim if r[1] is not None]
        return Removed(int(gone[0][0]), posted[0] if posted else None)


class MemoryDataOwner:
    """The memory jar's part of /mydata: the anniversary posts made of a member's words.

    The kept moments themselves are completions, exported and deleted by the challenges'
    own owner (``kept_at`` in each); this owner adds the anniversary posts and deletes them
    with the member."""

    data_name: str = "memory jar"
    data_tables: tuple[str, ...] = ("challenge_anniversaries",)

    def __init__(self, db: Database) -> None:
        self._db = db

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        rows = await self._db.fetch_all(
            "SELECT guild_id, channel_id, message_id, claimed_at, sent_at "
            "FROM challenge_anniversaries WHERE user_id = ? ORDER BY claimed_at",
            (user_id,),
        )
        return {
            "anniversary_posts": [
                {
                    "server": str(r["guild_id"]),
                    "channel": str(r["channel_id"]) if r["channel_id"] else None,
                    "message": str(r["message_id"]) if r["message_id"] else None,
                    "claimed_at": r["claimed_at"],
                    "posted_at": r["sent_at"],
                }
                for r in rows
            ]
        }

    async def delete_member(self, user_id: int) -> list[PostRef]:
        rows = await self._db.fetch_all(
            "DELETE FROM challenge_anniversaries WHERE user_id = ? "
            "RETURNING channel_id, message_id",
            (user_id,),
        )
        return [PostRef(int(r[0]), int(r[1])) for r in rows if r[1] is not None]

    async def delete_guild(self, guild_id: int) -> None:
        await self._db.execute(
            "DELETE FROM challenge_anniversaries WHERE guild_id = ?", (guild_id,)
        )
