"""A channel's settings (its ceiling, what a challenge needs to count, whether the board is
on) and the counts the board is built from.

Every read the board is built from hands out counts, never member ids: completions per
challenge (distinct members) and how many different members took part. The board cannot
show what it is never given, so nobody's own count can reach it. The one read of ids,
:meth:`BoardStore.took_part`, only lets the cog ask whose pause excuses a miss.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.database import Database, Row, from_db_time, to_db_time
from cogs.challenges.board import Taking, Tally
from cogs.challenges.repository.posts import DEFAULT_CEILING

DEFAULT_NEEDS = 1


@dataclass(frozen=True, slots=True)
class ChannelSettings:
    max_depth: int = DEFAULT_CEILING
    streak_needs: int = DEFAULT_NEEDS
    board_on: bool = True


def _settings(row: Row) -> ChannelSettings:
    return ChannelSettings(
        max_depth=int(row["max_depth"]),
        streak_needs=int(row["streak_needs"]),
        board_on=bool(row["board_on"]),
    )


class BoardStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def settings(self, channel_id: int) -> ChannelSettings:
        """The channel's settings; the defaults for a channel nobody set up or used yet."""
        row = await self._db.fetch_one(
            "SELECT max_depth, streak_needs, board_on FROM challenge_channels WHERE channel_id = ?",
            (channel_id,),
        )
        return _settings(row) if row else ChannelSettings()

    async def change_settings(
        self,
        channel_id: int,
        guild_id: int,
        *,
        max_depth: int | None = None,
        streak_needs: int | None = None,
        board_on: bool | None = None,
    ) -> ChannelSettings:
        """Change only what is given, in one statement; the settings afterwards. The table's
        CHECKs refuse values out of range, so a bad one changes nothing."""
        on = None if board_on is None else int(board_on)
        row = await self._db.insert_returning(
            """
            INSERT INTO challenge_channels (channel_id, guild_id, max_depth, streak_needs,
                board_on)
            VALUES (?, ?, COALESCE(?, ?), COALESCE(?, ?), COALESCE(?, 1))
            ON CONFLICT (channel_id) DO UPDATE SET
                max_depth = COALESCE(?, max_depth),
                streak_needs = COALESCE(?, streak_needs),
                board_on = COALESCE(?, board_on)
            RETURNING max_depth, streak_needs, board_on
            """,
            (
                channel_id,
                guild_id,
                max_depth,
                DEFAULT_CEILING,
                streak_needs,
                DEFAULT_NEEDS,
                on,
                max_depth,
                streak_needs,
                on,
            ),
        )
        return _settings(row)

    async def tallies(self, channel_id: int) -> list[Tally]:
        """Every challenge that reached the channel, with its distinct completions (a post
        never sent is no challenge, so it can be no miss)."""
        rows = await self._db.fetch_all(
            """
            SELECT p.id, p.number, p.created_at, COUNT(DISTINCT c.user_id) AS done
              FROM challenge_posts p
              LEFT JOIN challenge_completions c ON c.post_id = p.id
             WHERE p.channel_id = ? AND p.message_id IS NOT NULL
             GROUP BY p.id
             ORDER BY p.created_at, p.id
            """,
            (channel_id,),
        )
        return [
            Tally(
                post_id=int(r["id"]),
                number=int(r["number"]),
                posted_at=from_db_time(r["created_at"]),
                completions=int(r["done"]),
            )
            for r in rows
        ]

    async def took_part(self, channel_id: int, since: datetime, before: datetime) -> set[int]:
        """Who completed one of this channel's challenges in ``[since, before)``."""
        rows = await self._db.fetch_all(
            """
            SELECT DISTINCT c.user_id FROM challenge_completions c
              JOIN challenge_posts p ON p.id = c.post_id
             WHERE p.channel_id = ? AND c.created_at >= ? AND c.created_at < ?
            """,
            (channel_id, to_db_time(since), to_db_time(before)),
        )
        return {int(r[0]) for r in rows}

    async def taking_part(self, channel_id: int, since: datetime) -> Taking:
        """How many different members completed a challenge of this channel since ``since``,
        and ever."""
        row = await self._db.fetch_one(
            """
            SELECT COUNT(DISTINCT CASE WHEN c.created_at >= ? THEN c.user_id END) AS week,
                   COUNT(DISTINCT c.user_id) AS ever
              FROM challenge_completions c
              JOIN challenge_posts p ON p.id = c.post_id
             WHERE p.channel_id = ?
            """,
            (to_db_time(since), channel_id),
        )
        if row is None:
            return Taking(0, 0)
        return Taking(this_week=int(row["week"]), all_time=int(row["ever"]))
