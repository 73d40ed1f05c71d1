"""What each channel has been asked and how deep it goes: its round through the bank, its
depth ladder and the votes toward the next level, its posts, and the /question now slot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.channel_rows import ChannelRows
from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.timing.clock import Clock
from cogs.questions.picker import Pick


@dataclass(frozen=True, slots=True)
class ChannelState:
    channel_id: int
    guild_id: int
    ladder_level: int = 1
    cycle: int = 1
    posts: int = 0
    low_warned_cycle: int | None = None
    last_now_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    guild_id: int
    channel_id: int
    occurrence_key: str | None
    question_key: str
    question_text: str
    category: str
    depth: int
    number: int
    cycle: int
    scheduled: bool
    message_id: int | None
    thread_id: int | None
    created_at: datetime


def _post(row: Row) -> Post:
    return Post(
        id=int(row["id"]),
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        occurrence_key=row["occurrence_key"],
        question_key=row["question_key"],
        question_text=row["question_text"],
        category=row["category"],
        depth=int(row["depth"]),
        number=int(row["number"]),
        cycle=int(row["cycle"]),
        scheduled=bool(row["scheduled"]),
        message_id=row["message_id"],
        thread_id=row["thread_id"],
        created_at=from_db_time(row["created_at"]),
    )


class ChannelStore:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._rows = ChannelRows(db, clock, "question_channels")

    def _now(self) -> str:
        return to_db_time(self._clock.now())

    async def _ensure_channel(self, channel_id: int, guild_id: int) -> None:
        await self._rows.ensure(channel_id, guild_id)

    # -- the channel's state ------------------------------------------------------------

    async def state(self, channel_id: int, guild_id: int) -> ChannelState:
        """The channel's state; a channel never asked anything starts light, in round 1."""
        row = await self._db.fetch_one(
            "SELECT * FROM question_channels WHERE channel_id = ?", (channel_id,)
        )
        if row is None:
            return ChannelState(channel_id, guild_id)
        return ChannelState(
            channel_id=channel_id,
            guild_id=int(row["guild_id"]),
            ladder_level=int(row["ladder_level"]),
            cycle=int(row["cycle"]),
            posts=int(row["posts"]),
            low_warned_cycle=row["low_warned_cycle"],
            last_now_at=from_db_time(row["last_now_at"]) if row["last_now_at"] else None,
        )

    async def asked_in_cycle(self, channel_id: int, cycle: int) -> set[str]:
        rows = await self._db.fetch_all(
            "SELECT question_key FROM question_posts WHERE channel_id = ? AND cycle = ?",
            (channel_id, cycle),
        )
        return {str(r[0]) for r in rows}

    async def mark_low_warned(self, channel_id: int, cycle: int) -> bool:
        """True the first time in a cycle (so admins are told once)."""
        changed = await self._db.execute(
            "UPDATE question_channels SET low_warned_cycle = ? "
            "WHERE channel_id = ? AND low_warned_cycle IS NOT ?",
            (cycle, channel_id, cycle),
        )
        return changed > 0

    async def claim_now_slot(
        self, channel_id: int, guild_id: int, cooldown_start: datetime
    ) -> bool:
        """Take the channel's /question now slot unless one was taken after ``cooldown_start``."""
        return await self._rows.claim_now_slot(channel_id, guild_id, cooldown_start)

    async def release_now_slot(self, channel_id: int) -> None:
        await self._rows.release_now_slot(channel_id)

    # -- the depth ladder ---------------------------------------------------------------

    async def set_level(
        self, channel_id: int, guild_id: int, level: int, *, from_level: int | None = None
    ) -> bool:
        """A new ladder level; the ready votes start again. With ``from_level``, only if the
        channel is still at it: two presses read at once move the ladder one step, not two.
        """
        async with self._db.transaction():
            await self._ensure_channel(channel_id, guild_id)
            changed = await self._db.execute(
                "UPDATE question_channels SET ladder_level = ? WHERE channel_id = ? "
                "AND (? IS NULL OR ladder_level = ?)",
                (level, channel_id, from_level, from_level),
            )
            if changed:
                await self._db.execute(
                    "DELETE FROM question_ladder_votes WHERE channel_id = ?", (channel_id,)
                )
            return changed > 0

    async def vote_ready(self, channel_id: int, guild_id: int, user_id: int) -> int:
        """Record a "ready to go deeper" press; returns how many distinct members pressed."""
        async with self._db.transaction():
            await self._ensure_channel(channel_id, guild_id)
            await self._db.execute(
                "INSERT INTO question_ladder_votes (channel_id, user_id, created_at) "
                "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (channel_id, user_id, self._now()),
            )
            return int(
                await self._db.fetch_value(
                    "SELECT COUNT(*) FROM question_ladder_votes WHERE channel_id = ?",
                    (channel_id,),
                )
            )

    async def recent_participants(self, channel_id: int, since: datetime) -> int:
        """Members who answered here since ``since`` by name or pressed "ready", plus one
        for every anonymous answer in that time.

        An anonymous answer is never matched with anyone: whether its author also answered
        by name, or pressed "ready", must not change a number members are shown.
        """
        value = await self._db.fetch_value(
            """
            SELECT (
                SELECT COUNT(*) FROM (
                    SELECT a.user_id FROM question_answers a
                      JOIN question_posts p ON p.id = a.post_id
                     WHERE p.channel_id = ? AND a.created_at >= ? AND a.anonymous = 0
                    UNION
                    SELECT user_id FROM question_ladder_votes WHERE channel_id = ?
                )
            ) + (
                SELECT COUNT(*) FROM question_answers a
                  JOIN question_posts p ON p.id = a.post_id
                 WHERE p.channel_id = ? AND a.created_at >= ? AND a.anonymous = 1
            )
            """,
            (channel_id, to_db_time(since), channel_id, channel_id, to_db_time(since)),
        )
        return int(value or 0)

    # -- posts --------------------------------------------------------------------------

    async def post_for_occurrence(self, channel_id: int, occurrence_key: str) -> Post | None:
        row = await self._db.fetch_one(
            "SELECT * FROM question_posts WHERE channel_id = ? AND occurrence_key = ?",
            (channel_id, occurrence_key),
        )
        return _post(row) if row else None

    async def create_post(
        self,
        channel_id: int,
        guild_id: int,
        pick: Pick,
        *,
        occurrence_key: str | None,
    ) -> Post:
        """Record the post before it is sent: its number, and the cycle it belongs to."""
        question = pick.question
        async with self._db.transaction():
            await self._ensure_channel(channel_id, guild_id)
            await self._db.execute(
                "UPDATE question_channels SET posts = posts + 1, cycle = MAX(cycle, ?) "
                "WHERE channel_id = ?",
                (pick.cycle, channel_id),
            )
            row = await self._db.insert_returning(
                """
                INSERT INTO question_posts (guild_id, channel_id, occurrence_key, question_key,
                    question_text, category, depth, number, cycle, scheduled, created_at)
                SELECT ?, ?, ?, ?, ?, ?, ?, posts, ?, ?, ? FROM question_channels
                 WHERE channel_id = ?
                RETURNING *
                """,
                (
                    guild_id,
                    channel_id,
                    occurrence_key,
                    question.key,
                    question.text,
                    question.category,
                    question.depth,
                    pick.cycle,
                    int(occurrence_key is not None),
                    self._now(),
                    channel_id,
                ),
            )
            return _post(row)

    async def set_post_message(self, post_id: int, message_id: int, thread_id: int | None) -> None:
        await self._db.execute(
            "UPDATE question_posts SET message_id = ?, thread_id = COALESCE(?, thread_id) "
            "WHERE id = ?",
            (message_id, thread_id, post_id),
        )

    async def delete_post(self, post_id: int) -> None:
        """Forget a post that never reached Discord (its number is not reused)."""
        await self._db.execute("DELETE FROM question_posts WHERE id = ?", (post_id,))

    async def post(self, post_id: int) -> Post | None:
        row = await self._db.fetch_one("SELECT * FROM question_posts WHERE id = ?", (post_id,))
        return _post(row) if row else None

    async def latest_post(self, channel_id: int) -> Post | None:
        row = await self._db.fetch_one(
            "SELECT * FROM question_posts WHERE channel_id = ? AND message_id IS NOT NULL "
            "ORDER BY id DESC LIMIT 1",
            (channel_id,),
        )
        return _post(row) if row else None
