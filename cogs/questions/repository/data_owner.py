"""Daily questions' part of /mydata: what a member can export, and what goes when a member
or a server's data is deleted (registered with the bot's data rights).

A member's answers are found by their pseudonym (anonymous ones hold nothing else). A bar
from anonymous answers protects others, so it is exported but outlives /mydata delete.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database
from bot.storage.vault import Vault


class QuestionDataOwner:
    data_name: str = "daily questions"
    data_tables: tuple[str, ...] = (
        "question_schedules",
        "question_channels",
        "question_posts",
        "question_answers",
        "question_validations",
        "question_ladder_votes",
        "question_custom",
        "question_suggestions",
        "question_anonymous_bars",
    )

    def __init__(self, db: Database, vault: Vault) -> None:
        self._db = db
        self._vault = vault

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        key = self._vault.pseudonym(user_id)
        answers = await self._db.fetch_all(
            """
            SELECT a.*, p.question_text, p.guild_id FROM question_answers a
              JOIN question_posts p ON p.id = a.post_id
             WHERE a.author_key = ? ORDER BY a.id
            """,
            (key,),
        )
        suggestions = await self._db.fetch_all(
            "SELECT * FROM question_suggestions WHERE user_id = ? ORDER BY id", (user_id,)
        )
        validated = await self._db.fetch_one(
            "SELECT COUNT(*) FROM question_validations WHERE user_id = ?", (user_id,)
        )
        votes = await self._db.fetch_all(
            "SELECT channel_id, created_at FROM question_ladder_votes WHERE user_id = ?",
            (user_id,),
        )
        suggested = await self._db.fetch_all(
            "SELECT text, created_at FROM question_custom WHERE suggested_by = ?", (user_id,)
        )
        bars = await self._db.fetch_all(
            "SELECT guild_id, barred_at FROM question_anonymous_bars WHERE member_key = ?",
            (key,),
        )
        return {
            "answers": [
                {
                    "question": r["question_text"],
                    "answer": self._vault.unseal(r["text_sealed"]),
                    "anonymous": bool(r["anonymous"]),
                    "server": str(r["guild_id"]),
                    "answered_at": r["created_at"],
                    "edited_at": r["edited_at"],
                }
                for r in answers
            ],
            "answers_you_said_make_sense": int(validated[0]) if validated else 0,
            "ready_to_go_deeper_presses": [
                {"channel": str(r["channel_id"]), "at": r["created_at"]} for r in votes
            ],
            "pending_suggestions": [
                {
                    "text": self._vault.unseal(r["text_sealed"]),
                    "category": r["category"],
                    "depth": r["depth"],
                    "tell_me_the_outcome": bool(r["notify"]),
                    "suggested_at": r["created_at"],
                }
                for r in suggestions
            ],
            "approved_suggestions": [
                {"text": r["text"], "added_at": r["created_at"]} for r in suggested
            ],
            "barred_from_anonymous_answers_in": [str(r["guild_id"]) for r in bars],
        }

    async def delete_member(self, user_id: int) -> list[PostRef]:
        rows = await self._db.fetch_all(
            "DELETE FROM question_answers WHERE author_key = ? RETURNING channel_id, message_id",
            (self._vault.pseudonym(user_id),),
        )
        posts = [PostRef(int(r[0]), int(r[1])) for r in rows if r[1] is not None]
        # question_anonymous_bars stays: it protects others, and names nobody.
        for table in (
            "question_validations",
            "question_ladder_votes",
            "question_suggestions",
        ):
            await self._db.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))  # noqa: S608 - fixed names
        # An approved suggestion is the server's question now; only the link to them goes.
        await self._db.execute(
            "UPDATE question_custom SET suggested_by = NULL WHERE suggested_by = ?", (user_id,)
        )
        return posts

    async def delete_guild(self, guild_id: int) -> None:
        await self._db.execute(
            "DELETE FROM question_ladder_votes WHERE channel_id IN "
            "(SELECT channel_id FROM question_channels WHERE guild_id = ?)",
            (guild_id,),
        )
        for table in (
            "question_posts",  # answers and their validations go with their posts
            "question_schedules",
            "question_channels",
            "question_custom",
            "question_suggestions",
            "question_anonymous_bars",
        ):
            await self._db.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))  # noqa: S608 - fixed names
