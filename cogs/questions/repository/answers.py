"""Answers to posted questions (sealed), who said "that makes sense" to them, and who may no
longer answer anonymously in a server."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.database import Database, Row, to_db_time
from bot.storage.vault import Vault
from bot.timing.clock import Clock


@dataclass(frozen=True, slots=True)
class Answer:
    id: int
    post_id: int
    user_id: int
    anonymous: bool
    text: str
    channel_id: int | None
    message_id: int | None


class AnswerStore:
    def __init__(self, db: Database, vault: Vault, clock: Clock) -> None:
        self._db = db
        self._vault = vault
        self._clock = clock

    def _now(self) -> str:
        return to_db_time(self._clock.now())

    def _answer(self, row: Row) -> Answer:
        return Answer(
            id=int(row["id"]),
            post_id=int(row["post_id"]),
            user_id=int(row["user_id"]),
            anonymous=bool(row["anonymous"]),
            text=self._vault.unseal(row["text_sealed"]),
            channel_id=row["channel_id"],
            message_id=row["message_id"],
        )

    async def answer_of(self, post_id: int, user_id: int) -> Answer | None:
        row = await self._db.fetch_one(
            "SELECT * FROM question_answers WHERE post_id = ? AND user_id = ?", (post_id, user_id)
        )
        return self._answer(row) if row else None

    async def get(self, answer_id: int) -> Answer | None:
        row = await self._db.fetch_one("SELECT * FROM question_answers WHERE id = ?", (answer_id,))
        return self._answer(row) if row else None

    async def add(self, post_id: int, user_id: int, text: str, *, anonymous: bool) -> int | None:
        """The new answer's id, or None if this member already answered this post."""
        async with self._db.transaction():
            rows = await self._db.fetch_all(
                """
                INSERT INTO question_answers (post_id, user_id, anonymous, text_sealed, created_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (post_id, user_id) DO NOTHING
                RETURNING id
                """,
                (post_id, user_id, int(anonymous), self._vault.seal(text), self._now()),
            )
            return int(rows[0][0]) if rows else None

    async def set_message(self, answer_id: int, channel_id: int, message_id: int) -> None:
        """Where the answer was posted (so /mydata delete can remove the post too)."""
        await self._db.execute(
            "UPDATE question_answers SET channel_id = ?, message_id = ? WHERE id = ?",
            (channel_id, message_id, answer_id),
        )

    async def edit(self, answer_id: int, text: str) -> None:
        await self._db.execute(
            "UPDATE question_answers SET text_sealed = ?, edited_at = ? WHERE id = ?",
            (self._vault.seal(text), self._now(), answer_id),
        )

    async def delete(self, answer_id: int) -> None:
        await self._db.execute("DELETE FROM question_answers WHERE id = ?", (answer_id,))

    # -- "that makes sense" -------------------------------------------------------------

    async def validate(self, answer_id: int, user_id: int) -> tuple[bool, int]:
        """Add one member's "that makes sense"; (whether it was new, the count)."""
        async with self._db.transaction():
            added = await self._db.execute(
                "INSERT INTO question_validations (answer_id, user_id, created_at) "
                "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (answer_id, user_id, self._now()),
            )
            return added > 0, await self.validations(answer_id)

    async def validations(self, answer_id: int) -> int:
        value = await self._db.fetch_value(
            "SELECT COUNT(*) FROM question_validations WHERE answer_id = ?", (answer_id,)
        )
        return int(value or 0)

    # -- anonymity bars -----------------------------------------------------------------

    async def bar_anonymous(self, guild_id: int, user_id: int) -> None:
        await self._db.execute(
            "INSERT INTO question_anonymous_bars (guild_id, user_id, barred_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (guild_id, user_id, self._now()),
        )

    async def is_barred(self, guild_id: int, user_id: int) -> bool:
        row = await self._db.fetch_one(
            "SELECT 1 FROM question_anonymous_bars WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        return row is not None
