"""Buddy pairings' part of /mydata: a member's memberships, the rounds they were in and the
questions they were asked, and what goes when they (or a server) are deleted.

What is fair to export about the rounds: the member's own groups, with the private thread
(where they met) and the activity, and how many were in the group, but not the partners'
ids: those are the partners' data, and the thread already shows the member who they met
as long as the partners keep it. Deleting a member removes them from past groups too, so
their partners' exports and repeat-avoidance no longer carry them; the stay-or-leave
questions that named them are returned so their posts are deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database


class PairDataOwner:
    data_name: str = "buddy pairings"
    data_tables: tuple[str, ...] = (
        "pair_schedules",
        "pair_members",
        "pair_rounds",
        "pair_groups",
        "pair_group_members",
        "pair_asks",
    )

    def __init__(self, db: Database) -> None:
        self._db = db

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        joined = await self._db.fetch_all(
            "SELECT * FROM pair_members WHERE user_id = ? ORDER BY guild_id", (user_id,)
        )
        groups = await self._db.fetch_all(
            """
            SELECT g.*, r.created_at AS round_at,
                   (SELECT COUNT(*) FROM pair_group_members o WHERE o.group_id = g.id) AS size
              FROM pair_groups g
              JOIN pair_group_members m ON m.group_id = g.id
              JOIN pair_rounds r ON r.id = g.round_id
             WHERE m.user_id = ? ORDER BY g.id
            """,
            (user_id,),
        )
        asks = await self._db.fetch_all(
            "SELECT * FROM pair_asks WHERE user_id = ? ORDER BY id", (user_id,)
        )
        return {
            "memberships": [
                {
                    "server": str(r["guild_id"]),
                    "joined_at": r["joined_at"],
                    "silent_rounds": r["silent_rounds"],
                    "waiting_for_your_answer": r["asked_at"] is not None,
                    "last_round_without_a_partner": r["left_out_round"],
                }
                for r in joined
            ],
            "rounds": [
                {
                    "server": str(r["guild_id"]),
                    "round": r["round_id"],
                    "at": r["round_at"],
                    "group_size": r["size"],
                    "thread": str(r["thread_id"]) if r["thread_id"] else None,
                    "activity": r["activity_text"],
                }
                for r in groups
            ],
            "stay_questions": [
                {"server": str(r["guild_id"]), "asked_at": r["created_at"], "answer": r["answer"]}
                for r in asks
            ],
        }

    async def delete_member(self, user_id: int) -> list[PostRef]:
        asks = await self._db.fetch_all(
            "DELETE FROM pair_asks WHERE user_id = ? RETURNING thread_id, message_id", (user_id,)
        )
        await self._db.execute("DELETE FROM pair_members WHERE user_id = ?", (user_id,))
        await self._db.execute("DELETE FROM pair_group_members WHERE user_id = ?", (user_id,))
        return [PostRef(int(r[0]), int(r[1])) for r in asks if r[1] is not None]

    async def delete_guild(self, guild_id: int) -> None:
        # groups and their members go with their rounds
        for table in ("pair_rounds", "pair_members", "pair_asks", "pair_schedules"):
            await self._db.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))  # noqa: S608 - fixed names
