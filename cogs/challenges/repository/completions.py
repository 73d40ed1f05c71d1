"""Who did a challenge (once per member per post, with an optional sealed note), the 😂
other members gave it. Keeping a moment for the memory jar is the jar's own toggle
(:meth:`~cogs.challenges.repository.memories.MemoryStore.toggle_keep`); a completion only
reads ``kept_at``.

A completion is shown under its author's name, so it keeps their id. A laugh is only ever
counted, so it keeps the laugher as a pseudonym (:meth:`Vault.pseudonym`): the database
alone does not say who laughed at what, yet the laugher's /mydata still finds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.storage.vault import Vault
from bot.timing.clock import Clock


@dataclass(frozen=True, slots=True)
class Completion:
    id: int
    post_id: int
    user_id: int
    note: str | None
    channel_id: int | None
    message_id: int | None
    edited: bool
    kept_at: datetime | None
    photo_file: str | None = None  # the name of the photo in Kindred's post, if it has one


class CompletionStore:
    def __init__(self, db: Database, vault: Vault, clock: Clock) -> None:
        self._db = db
        self._vault = vault
        self._clock = clock

    def _now(self) -> str:
        return to_db_time(self._clock.now())

    def _seal(self, note: str | None) -> str | None:
        return self._vault.seal(note) if note else None

    def _completion(self, row: Row) -> Completion:
        sealed = row["note_sealed"]
        return Completion(
            id=int(row["id"]),
            post_id=int(row["post_id"]),
            user_id=int(row["user_id"]),
            note=self._vault.unseal(sealed) if sealed else None,
            channel_id=row["channel_id"],
            message_id=row["message_id"],
            edited=row["edited_at"] is not None,
            kept_at=from_db_time(row["kept_at"]) if row["kept_at"] else None,
            photo_file=row["photo_file"],
        )

    async def get(self, completion_id: int) -> Completion | None:
        row = await self._db.fetch_one(
            "SELECT * FROM challenge_completions WHERE id = ?", (completion_id,)
        )
        return self._completion(row) if row else None

    async def of(self, post_id: int, user_id: int) -> Completion | None:
        row = await self._db.fetch_one(
            "SELECT * FROM challenge_completions WHERE post_id = ? AND user_id = ?",
            (post_id, user_id),
        )
        return self._completion(row) if row else None

    async def add(self, post_id: int, user_id: int, note: str | None) -> int | None:
        """The new completion's id; None if this member already did this challenge (or the
        post is gone), so two forms at once make one completion."""
        rows = await self._db.fetch_all(
            """
            INSERT INTO challenge_completions (post_id, user_id, note_sealed, created_at)
            SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM challenge_posts WHERE id = ?)
            ON CONFLICT (post_id, user_id) DO NOTHING
            RETURNING id
            """,
            (post_id, user_id, self._seal(note), self._now(), post_id),
        )
        return int(rows[0][0]) if rows else None

    async def edit(self, completion_id: int, user_id: int, note: str | None) -> bool:
        """Change this member's own note; False if it is not theirs or is gone."""
        changed = await self._db.execute(
            "UPDATE challenge_completions SET note_sealed = ?, edited_at = ? "
            "WHERE id = ? AND user_id = ?",
            (self._seal(note), self._now(), completion_id, user_id),
        )
        return changed > 0

    async def set_message(self, completion_id: int, channel_id: int, message_id: int) -> None:
        """Where it was posted (so /mydata delete can remove the post too)."""
        await self._db.execute(
            "UPDATE challenge_completions SET channel_id = ?, message_id = ? WHERE id = ?",
            (channel_id, message_id, completion_id),
        )

    async def set_photo(self, completion_id: int, photo_file: str) -> None:
        """The name of the photo Kindred posted with it (never the photo itself)."""
        await self._db.execute(
            "UPDATE challenge_completions SET photo_file = ? WHERE id = ?",
            (photo_file, completion_id),
        )

    async def delete_unposted(self, completion_id: int) -> None:
        """Forget a completion that never reached the thread, and only if it did not."""
        await self._db.execute(
            "DELETE FROM challenge_completions WHERE id = ? AND message_id IS NULL",
            (completion_id,),
        )

    # -- 😂 ------------------------------------------------------------------------------

    async def laugh(self, completion_id: int, user_id: int) -> tuple[bool, int]:
        """One member's 😂; (whether it was new, the count). Nothing is added to a
        completion deleted meanwhile."""
        async with self._db.transaction():
            added = await self._db.execute(
                "INSERT INTO challenge_laughs (completion_id, member_key, created_at) "
                "SELECT ?, ?, ? WHERE EXISTS "
                "(SELECT 1 FROM challenge_completions WHERE id = ?) ON CONFLICT DO NOTHING",
                (completion_id, self._vault.pseudonym(user_id), self._now(), completion_id),
            )
            return added > 0, await self.laughs(completion_id)

    async def laughs(self, completion_id: int) -> int:
        value = await self._db.fetch_value(
            "SELECT COUNT(*) FROM challenge_laughs WHERE completion_id = ?", (completion_id,)
        )
        return int(value or 0)
