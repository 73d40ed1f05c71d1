"""Answers to posted questions (sealed), who said "that makes sense" to them, and who may no
longer answer anonymously in a server.

An answer's author is kept as a pseudonym (:meth:`Vault.pseudonym`, a keyed hash), never as
an id, when the answer is anonymous: the author can still find, edit and delete it, but the
database alone does not say who wrote it. Bars are kept by pseudonym too, so an admin can
bar a hidden author without anyone learning who, and the bar outlives the member's data.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from bot.storage.database import Database, Row, to_db_time
from bot.storage.vault import Vault
from bot.timing.clock import Clock

LEGACY_BAR_PREFIX = "id:"


class AnswerBarred(Exception):
    """The member may not answer anonymously in the post's server (checked at saving)."""


@dataclass(frozen=True, slots=True)
class Answer:
    id: int
    post_id: int
    author_key: str
    user_id: int | None  # only on a named answer
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

    def author_key(self, member_id: int) -> str:
        return self._vault.pseudonym(member_id)

    def is_author(self, answer: Answer, member_id: int) -> bool:
        return hmac.compare_digest(answer.author_key, self.author_key(member_id))

    def _answer(self, row: Row) -> Answer:
        return Answer(
            id=int(row["id"]),
            post_id=int(row["post_id"]),
            author_key=str(row["author_key"]),
            user_id=row["user_id"],
            anonymous=bool(row["anonymous"]),
            text=self._vault.unseal(row["text_sealed"]),
            channel_id=row["channel_id"],
            message_id=row["message_id"],
        )

    async def adopt_legacy_authors(self) -> int:
        """Give rows saved before pseudonyms theirs, and forget the ids anonymity hides.

        SQL has no key to hash with, so the migration leaves this to the cog's start-up.
        """
        changed = 0
        async with self._db.transaction():
            rows = await self._db.fetch_all(
                "SELECT id, user_id FROM question_answers WHERE author_key IS NULL"
            )
            for row in rows:
                changed += await self._db.execute(
                    "UPDATE question_answers SET author_key = ?, "
                    "user_id = CASE WHEN anonymous = 1 THEN NULL ELSE user_id END WHERE id = ?",
                    (self.author_key(int(row["user_id"])), int(row["id"])),
                )
            bars = await self._db.fetch_all(
                "SELECT guild_id, member_key, barred_at FROM question_anonymous_bars "
                "WHERE member_key LIKE ?",
                (LEGACY_BAR_PREFIX + "%",),
            )
            for bar in bars:
                member_id = int(str(bar["member_key"]).removeprefix(LEGACY_BAR_PREFIX))
                await self._db.execute(
                    "INSERT INTO question_anonymous_bars (guild_id, member_key, barred_at) "
                    "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (bar["guild_id"], self.author_key(member_id), bar["barred_at"]),
                )
                changed += await self._db.execute(
                    "DELETE FROM question_anonymous_bars WHERE guild_id = ? AND member_key = ?",
                    (bar["guild_id"], bar["member_key"]),
                )
        return changed

    async def answer_of(self, post_id: int, member_id: int) -> Answer | None:
        row = await self._db.fetch_one(
            "SELECT * FROM question_answers WHERE post_id = ? AND author_key = ?",
            (post_id, self.author_key(member_id)),
        )
        return self._answer(row) if row else None

    async def get(self, answer_id: int) -> Answer | None:
        row = await self._db.fetch_one("SELECT * FROM question_answers WHERE id = ?", (answer_id,))
        return self._answer(row) if row else None

    async def add(self, post_id: int, member_id: int, text: str, *, anonymous: bool) -> int | None:
        """The new answer's id, or None if this member already answered this post.

        The bar is checked in the same transaction as the insert, so a form opened before
        its author was barred cannot slip an anonymous answer in afterwards.
        """
        key = self.author_key(member_id)
        async with self._db.transaction():
            if anonymous:
                barred = await self._db.fetch_value(
                    "SELECT 1 FROM question_anonymous_bars b JOIN question_posts p "
                    "ON p.guild_id = b.guild_id WHERE p.id = ? AND b.member_key = ?",
                    (post_id, key),
                )
                if barred:
                    raise AnswerBarred
            rows = await self._db.fetch_all(
                """
                INSERT INTO question_answers
                    (post_id, author_key, user_id, anonymous, text_sealed, created_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (post_id, author_key) DO NOTHING
                RETURNING id
                """,
                (
                    post_id,
                    key,
                    None if anonymous else member_id,
                    int(anonymous),
                    self._vault.seal(text),
                    self._now(),
                ),
            )
            return int(rows[0][0]) if rows else None

    async def set_message(self, answer_id: int, channel_id: int, message_id: int) -> None:
        """Where the answer was posted (so /mydata delete can remove the post too)."""
        await self._db.execute(
            "UPDATE question_answers SET channel_id = ?, message_id = ? WHERE id = ?",
            (channel_id, message_id, answer_id),
        )

    async def edit(self, answer_id: int, member_id: int, text: str, *, anonymous: bool) -> bool:
        """Change the text of this member's answer in the mode its form was opened in;
        False if there is no such answer (deleted, or written the other way)."""
        changed = await self._db.execute(
            "UPDATE question_answers SET text_sealed = ?, edited_at = ? "
            "WHERE id = ? AND author_key = ? AND anonymous = ?",
            (
                self._vault.seal(text),
                self._now(),
                answer_id,
                self.author_key(member_id),
                int(anonymous),
            ),
        )
        return changed > 0

    async def delete(self, answer_id: int) -> bool:
        """False if it was already gone (a second press, another admin)."""
        return await self._db.execute("DELETE FROM question_answers WHERE id = ?", (answer_id,)) > 0

    async def delete_unposted(self, answer_id: int) -> None:
        """Forget an answer that never reached the thread, and only if it did not."""
        await self._db.execute(
            "DELETE FROM question_answers WHERE id = ? AND message_id IS NULL", (answer_id,)
        )

    # -- "that makes sense" -------------------------------------------------------------

    async def validate(self, answer_id: int, user_id: int) -> tuple[bool, int]:
        """Add one member's "that makes sense"; (whether it was new, the count). Nothing is
        added to an answer deleted meanwhile."""
        async with self._db.transaction():
            added = await self._db.execute(
                "INSERT INTO question_validations (answer_id, user_id, created_at) "
                "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM question_answers WHERE id = ?) "
                "ON CONFLICT DO NOTHING",
                (answer_id, user_id, self._now(), answer_id),
            )
            return added > 0, await self.validations(answer_id)

    async def validations(self, answer_id: int) -> int:
        value = await self._db.fetch_value(
            "SELECT COUNT(*) FROM question_validations WHERE answer_id = ?", (answer_id,)
        )
        return int(value or 0)

    # -- anonymity bars -----------------------------------------------------------------

    async def bar_author(self, guild_id: int, author_key: str) -> bool:
        """Bar an answer's hidden author by pseudonym; False if already barred."""
        added = await self._db.execute(
            "INSERT INTO question_anonymous_bars (guild_id, member_key, barred_at) "
            "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (guild_id, author_key, self._now()),
        )
        return added > 0

    async def is_barred(self, guild_id: int, member_id: int) -> bool:
        row = await self._db.fetch_one(
            "SELECT 1 FROM question_anonymous_bars WHERE guild_id = ? AND member_key = ?",
            (guild_id, self.author_key(member_id)),
        )
        return row is not None
