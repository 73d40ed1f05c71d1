"""What each channel was given: its round through the bank, how deep it may go, its posts,
and the /challenge now slot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.channel_rows import ChannelRows
from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.timing.clock import Clock
from cogs.challenges.bank import Challenge

DEFAULT_CEILING = 1


@dataclass(frozen=True, slots=True)
class ChannelState:
    channel_id: int
    guild_id: int
    max_depth: int = DEFAULT_CEILING
    cycle: int = 1
    posts: int = 0
    last_now_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    guild_id: int
    channel_id: int
    challenge_id: str
    kind: str
    depth: int
    size: str
    text: str
    number: int
    cycle: int
    message_id: int | None
    thread_id: int | None
    created_at: datetime


def _post(row: Row) -> Post:
    return Post(
        id=int(row["id"]),
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        challenge_id=str(row["challenge_id"]),
        kind=str(row["kind"]),
        depth=int(row["depth"]),
        size=str(row["size"]),
        text=str(row["challenge_text"]),
        number=int(row["number"]),
        cycle=int(row["cycle"]),
        message_id=row["message_id"],
        thread_id=row["thread_id"],
        created_at=from_db_time(row["created_at"]),
    )


class PostStore:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._rows = ChannelRows(db, clock, "challenge_channels")

    def _now(self) -> str:
        return to_db_time(self._clock.now())

    async def _ensure_channel(self, channel_id: int, guild_id: int) -> None:
        await self._rows.ensure(channel_id, guild_id)

    async def state(self, channel_id: int, guild_id: int) -> ChannelState:
        """The channel's state; a channel never given a challenge starts light, in round 1."""
        row = await self._db.fetch_one(
            "SELECT * FROM challenge_channels WHERE channel_id = ?", (channel_id,)
        )
        if row is None:
            return ChannelState(channel_id, guild_id)
        return ChannelState(
            channel_id=channel_id,
            guild_id=int(row["guild_id"]),
            max_depth=int(row["max_depth"]),
            cycle=int(row["cycle"]),
            posts=int(row["posts"]),
            last_now_at=from_db_time(row["last_now_at"]) if row["last_now_at"] else None,
        )

    async def given_in_cycle(self, channel_id: int, cycle: int) -> set[str]:
        """The bank ids this channel was given in this round (none is given twice in one)."""
        rows = await self._db.fetch_all(
            "SELECT challenge_id FROM challenge_posts WHERE channel_id = ? AND cycle = ?",
            (channel_id, cycle),
        )
        return {str(r[0]) for r in rows}

    async def claim_now_slot(
        self, channel_id: int, guild_id: int, cooldown_start: datetime
    ) -> bool:
        """Take the channel's /challenge now slot unless one was taken after
        ``cooldown_start``; checked and taken in one statement, so two at once take one."""
        return await self._rows.claim_now_slot(channel_id, guild_id, cooldown_start)

    async def release_now_slot(self, channel_id: int) -> None:
        await self._rows.release_now_slot(channel_id)

    async def mark_low_warned(self, channel_id: int, cycle: int) -> bool:
        """True the first time this is asked for a round: admins hear once per round."""
        changed = await self._db.execute(
            "UPDATE challenge_channels SET low_warned_cycle = ? WHERE channel_id = ? "
            "AND (low_warned_cycle IS NULL OR low_warned_cycle < ?)",
            (cycle, channel_id, cycle),
        )
        return changed > 0

    async def post_for_occurrence(self, channel_id: int, occurrence_key: str) -> Post | None:
        """The post made for a scheduled occurrence, if one was (a retry posts the same)."""
        row = await self._db.fetch_one(
            "SELECT * FROM challenge_posts WHERE channel_id = ? AND occurrence_key = ?",
            (channel_id, occurrence_key),
        )
        return _post(row) if row else None

    async def create_post(
        self,
        channel_id: int,
        guild_id: int,
        challenge: Challenge,
        *,
        cycle: int,
        occurrence_key: str | None = None,
    ) -> Post:
        """Record the post before it is sent: its number, the round it belongs to, and the
        scheduled occurrence it is for (if it is one)."""
        async with self._db.transaction():
            await self._ensure_channel(channel_id, guild_id)
            await self._db.execute(
                "UPDATE challenge_channels SET posts = posts + 1, cycle = MAX(cycle, ?) "
                "WHERE channel_id = ?",
                (cycle, channel_id),
            )
            row = await self._db.insert_returning(
                """
                INSERT INTO challenge_posts (guild_id, channel_id, occurrence_key, challenge_id,
                    kind, depth, size, challenge_text, number, cycle, created_at)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, posts, ?, ? FROM challenge_channels
                 WHERE channel_id = ?
                RETURNING *
                """,
                (
                    guild_id,
                    channel_id,
                    occurrence_key,
                    challenge.id,
                    challenge.kind,
                    challenge.depth,
                    challenge.size,
                    challenge.text,
                    cycle,
                    self._now(),
                    channel_id,
                ),
            )
            return _post(row)

    async def set_post_message(self, post_id: int, message_id: int, thread_id: int | None) -> None:
        await self._db.execute(
            "UPDATE challenge_posts SET message_id = ?, thread_id = COALESCE(?, thread_id) "
            "WHERE id = ?",
            (message_id, thread_id, post_id),
        )

    async def delete_post(self, post_id: int) -> None:
        """Forget a post that never reached Discord (its id and number are not reused)."""
        await self._db.execute("DELETE FROM challenge_posts WHERE id = ?", (post_id,))

    async def post(self, post_id: int) -> Post | None:
        row = await self._db.fetch_one("SELECT * FROM challenge_posts WHERE id = ?", (post_id,))
        return _post(row) if row else None
