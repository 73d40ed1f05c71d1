"""A server's own questions, and the queue of questions its members suggested (sealed until
an admin approves one, which then becomes the server's own)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.database import Database, to_db_time
from bot.storage.vault import Vault
from bot.timing.clock import Clock
from cogs.questions.bank import Question

MAX_ROW_ID = 2**63 - 1  # SQLite's largest integer


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: int
    guild_id: int
    user_id: int
    text: str
    category: str
    depth: int
    notify: bool


class OwnQuestionStore:
    def __init__(self, db: Database, vault: Vault, clock: Clock) -> None:
        self._db = db
        self._vault = vault
        self._clock = clock

    def _now(self) -> str:
        return to_db_time(self._clock.now())

    async def custom_questions(self, guild_id: int) -> list[Question]:
        rows = await self._db.fetch_all(
            "SELECT id, text, category, depth FROM question_custom "
            "WHERE guild_id = ? AND removed = 0 ORDER BY id",
            (guild_id,),
        )
        return [
            Question(f"custom:{r['id']}", r["text"], r["category"], int(r["depth"])) for r in rows
        ]

    async def add_custom(
        self, guild_id: int, text: str, category: str, depth: int, suggested_by: int | None
    ) -> int:
        row = await self._db.insert_returning(
            "INSERT INTO question_custom (guild_id, text, category, depth, suggested_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (guild_id, text, category, depth, suggested_by, self._now()),
        )
        return int(row[0])

    async def remove_custom(self, guild_id: int, custom_id: int) -> bool:
        """Kept (posts remember what they asked), but never offered again. A number no
        row can have (a typed-in one, too large for an id) simply matches nothing."""
        if not 0 < custom_id <= MAX_ROW_ID:
            return False
        changed = await self._db.execute(
            "UPDATE question_custom SET removed = 1 WHERE guild_id = ? AND id = ? AND removed = 0",
            (guild_id, custom_id),
        )
        return changed > 0

    # -- suggestions --------------------------------------------------------------------

    async def add_suggestion(
        self,
        guild_id: int,
        user_id: int,
        text: str,
        category: str,
        depth: int,
        notify: bool,
        *,
        cap: int | None = None,
    ) -> int | None:
        """The new suggestion's id; None if the member already has ``cap`` waiting here.

        Counted and recorded in one transaction, so presses at once cannot pass the cap.
        """
        async with self._db.transaction():
            if cap is not None:
                waiting = await self._db.fetch_value(
                    "SELECT COUNT(*) FROM question_suggestions WHERE guild_id = ? AND user_id = ?",
                    (guild_id, user_id),
                )
                if int(waiting or 0) >= cap:
                    return None
            row = await self._db.insert_returning(
                "INSERT INTO question_suggestions (guild_id, user_id, text_sealed, category, "
                "depth, notify, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    guild_id,
                    user_id,
                    self._vault.seal(text),
                    category,
                    depth,
                    int(notify),
                    self._now(),
                ),
            )
            return int(row[0])

    async def pending_suggestions(
        self, guild_id: int, user_id: int | None = None
    ) -> list[Suggestion]:
        if user_id is None:
            rows = await self._db.fetch_all(
                "SELECT * FROM question_suggestions WHERE guild_id = ? ORDER BY id", (guild_id,)
            )
        else:
            rows = await self._db.fetch_all(
                "SELECT * FROM question_suggestions WHERE guild_id = ? AND user_id = ? ORDER BY id",
                (guild_id, user_id),
            )
        return [
            Suggestion(
                id=int(r["id"]),
                guild_id=int(r["guild_id"]),
                user_id=int(r["user_id"]),
                text=self._vault.unseal(r["text_sealed"]),
                category=r["category"],
                depth=int(r["depth"]),
                notify=bool(r["notify"]),
            )
            for r in rows
        ]

    async def approve_suggestion(
        self, guild_id: int, suggestion_id: int, text: str
    ) -> Suggestion | None:
        """Take a suggestion off the queue and make ``text`` the server's question, both or
        neither; None if another admin (or another press) already decided it."""
        async with self._db.transaction():
            waiting = {s.id: s for s in await self.pending_suggestions(guild_id)}
            suggestion = waiting.get(suggestion_id)
            if suggestion is None or not await self.take_suggestion(guild_id, suggestion_id):
                return None
            await self.add_custom(
                guild_id, text, suggestion.category, suggestion.depth, suggestion.user_id
            )
            return suggestion

    async def take_suggestion(self, guild_id: int, suggestion_id: int) -> bool:
        """Remove a suggestion from the queue; False if another admin already decided it."""
        changed = await self._db.execute(
            "DELETE FROM question_suggestions WHERE guild_id = ? AND id = ?",
            (guild_id, suggestion_id),
        )
        return changed > 0
