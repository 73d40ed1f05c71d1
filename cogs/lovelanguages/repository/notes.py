"""The SQL of appreciation notes: who sent one to whom, the daily anonymous limit, blocks.

A sender is kept as a pseudonym (a keyed hash of their id), so the database alone never says
who wrote an anonymous note, yet the sender's own export and delete still find their rows
and a recipient can block a sender they never learn. What protects others (the daily limit,
a block) is kept by pseudonym too, apart from the notes, so a sender's /mydata delete cannot
lift it. Note ids are never reused (AUTOINCREMENT): a note's buttons carry its id, and an old
button must never act on a newer note. Nothing here touches discord.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.storage.database import Database, from_db_time, to_db_time
from bot.timing.clock import Clock

Pseudonym = Callable[[int], str]
#: Rows from before pseudonyms say ``legacy:<id>`` until :meth:`NoteStore.adopt_legacy_rows`.
LEGACY = "legacy:"
LIMIT_WINDOW = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Note:
    """An appreciation note as its buttons need it (never its words, nor its sender)."""

    id: int
    guild_id: int
    recipient_id: int
    anonymous: bool
    sent_at: datetime
    reported_at: datetime | None


class NoteVerdict(enum.Enum):
    """What became of a note: sent, over the sender's daily limit, or refused (a block, or
    the recipient's boundaries; the sender hears the same words for both)."""

    SENT = "sent"
    LIMITED = "limited"
    REFUSED = "refused"


class _Undo(Exception):
    """Raised inside the sending transaction to roll it back when delivery refuses."""


async def _deliver_or_undo(deliver: Callable[[int], Awaitable[bool]], note_id: int) -> None:
    if not await deliver(note_id):
        raise _Undo


class NoteStore:
    def __init__(self, db: Database, clock: Clock, pseudonym: Pseudonym) -> None:
        self._db = db
        self._clock = clock
        self._pseudonym = pseudonym

    def _now(self) -> str:
        return to_db_time(self._clock.now())

    async def send(
        self,
        guild_id: int,
        sender_id: int,
        recipient_id: int,
        *,
        anonymous: bool,
        daily_limit: int,
        deliver: Callable[[int], Awaitable[bool]],
    ) -> NoteVerdict:
        """Check the limit and the block, record the note and hand it to ``deliver`` (which
        gets the new note's id and says whether the letter was accepted), all in one
        transaction: two notes sent at once cannot both pass the limit, and a refused note
        leaves nothing behind."""
        key = self._pseudonym(sender_id)
        now = self._clock.now()
        try:
            async with self._db.transaction():
                since = to_db_time(now - LIMIT_WINDOW)
                if anonymous:
                    await self._db.execute(
                        "DELETE FROM ll_anonymous_sends WHERE sent_at <= ?", (since,)
                    )
                    sent = await self._db.fetch_value(
                        "SELECT COUNT(*) FROM ll_anonymous_sends "
                        "WHERE sender_key = ? AND sent_at > ?",
                        (key, since),
                    )
                    if int(sent or 0) >= daily_limit:
                        return NoteVerdict.LIMITED
                if await self._blocked(recipient_id, key):
                    return NoteVerdict.REFUSED
                row = await self._db.insert_returning(
                    "INSERT INTO ll_notes (guild_id, sender_key, sender_id, recipient_id, "
                    "anonymous, sent_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    (
                        guild_id,
                        key,
                        None if anonymous else sender_id,
                        recipient_id,
                        int(anonymous),
                        to_db_time(now),
                    ),
                )
                if anonymous:
                    await self._db.execute(
                        "INSERT INTO ll_anonymous_sends (sender_key, sent_at) VALUES (?, ?)",
                        (key, to_db_time(now)),
                    )
                await _deliver_or_undo(deliver, int(row[0]))
        except _Undo:
            return NoteVerdict.REFUSED
        return NoteVerdict.SENT

    async def _blocked(self, recipient_id: int, sender_key: str) -> bool:
        row = await self._db.fetch_one(
            "SELECT 1 FROM ll_note_blocks WHERE recipient_id = ? AND sender_key = ?",
            (recipient_id, sender_key),
        )
        return row is not None

    async def is_blocked(self, recipient_id: int, sender_id: int) -> bool:
        return await self._blocked(recipient_id, self._pseudonym(sender_id))

    async def anonymous_sent_since(self, sender_id: int, since: datetime) -> int:
        value = await self._db.fetch_value(
            "SELECT COUNT(*) FROM ll_anonymous_sends WHERE sender_key = ? AND sent_at > ?",
            (self._pseudonym(sender_id), to_db_time(since)),
        )
        return int(value or 0)

    async def note(self, note_id: int) -> Note | None:
        row = await self._db.fetch_one(
            "SELECT id, guild_id, recipient_id, anonymous, sent_at, reported_at "
            "FROM ll_notes WHERE id = ?",
            (note_id,),
        )
        if row is None:
            return None
        return Note(
            id=int(row["id"]),
            guild_id=int(row["guild_id"]),
            recipient_id=int(row["recipient_id"]),
            anonymous=bool(row["anonymous"]),
            sent_at=from_db_time(row["sent_at"]),
            reported_at=from_db_time(row["reported_at"]) if row["reported_at"] else None,
        )

    async def report(self, note_id: int, recipient_id: int) -> bool:
        """True only for the one press that reported it (the admins hear once)."""
        changed = await self._db.execute(
            "UPDATE ll_notes SET reported_at = ? "
            "WHERE id = ? AND recipient_id = ? AND reported_at IS NULL",
            (self._now(), note_id, recipient_id),
        )
        return changed > 0

    async def block(self, note_id: int, recipient_id: int) -> bool:
        """Block the note's sender, whoever it is, without anyone reading who; False if the
        note is gone (its sender deleted their data) or is not this recipient's."""
        async with self._db.transaction():
            found = await self._db.fetch_value(
                "SELECT COUNT(*) FROM ll_notes WHERE id = ? AND recipient_id = ?",
                (note_id, recipient_id),
            )
            if not found:
                return False
            await self._db.execute(
                "INSERT INTO ll_note_blocks (recipient_id, sender_key, blocked_at) "
                "SELECT recipient_id, sender_key, ? FROM ll_notes "
                "WHERE id = ? AND recipient_id = ? ON CONFLICT DO NOTHING",
                (self._now(), note_id, recipient_id),
            )
            return True

    async def adopt_legacy_rows(self) -> int:
        """Turn the ``legacy:<id>`` senders migration 0002 left into pseudonyms (SQL has
        no key to do it), so no clear id of an anonymous sender stays once the bot starts."""
        tables = ("ll_notes", "ll_note_blocks", "ll_anonymous_sends")
        changed = 0
        async with self._db.transaction():
            for table in tables:
                rows = await self._db.fetch_all(
                    f"SELECT DISTINCT sender_key FROM {table} WHERE sender_key LIKE ?",  # noqa: S608 - fixed names
                    (LEGACY + "%",),
                )
                for row in rows:
                    legacy = str(row[0])
                    key = self._pseudonym(int(legacy.removeprefix(LEGACY)))
                    changed += await self._db.execute(
                        f"UPDATE OR REPLACE {table} SET sender_key = ? WHERE sender_key = ?",  # noqa: S608 - fixed names
                        (key, legacy),
                    )
        return changed

    # -- data rights --------------------------------------------------------------------

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        sent = await self._db.fetch_all(
            "SELECT guild_id, recipient_id, anonymous, sent_at FROM ll_notes "
            "WHERE sender_key = ? ORDER BY id",
            (self._pseudonym(user_id),),
        )
        received = await self._db.fetch_all(
            "SELECT guild_id, sender_id, anonymous, sent_at, reported_at FROM ll_notes "
            "WHERE recipient_id = ? ORDER BY id",
            (user_id,),
        )
        blocks = await self._db.fetch_value(
            "SELECT COUNT(*) FROM ll_note_blocks WHERE recipient_id = ?", (user_id,)
        )
        return {
            "notes_sent": [
                {
                    "server": str(r["guild_id"]),
                    "to": str(r["recipient_id"]),
                    "anonymous": bool(r["anonymous"]),
                    "at": r["sent_at"],
                }
                for r in sent
            ],
            "notes_received": [
                {
                    "server": str(r["guild_id"]),
                    # An anonymous note's row holds no sender id: it stays hidden here too.
                    "from": None if r["sender_id"] is None else str(r["sender_id"]),
                    "anonymous": bool(r["anonymous"]),
                    "at": r["sent_at"],
                    "reported": r["reported_at"] is not None,
                }
                for r in received
            ],
            "senders_you_blocked": int(blocks or 0),
        }

    async def delete_member(self, user_id: int) -> None:
        await self._db.execute(
            "DELETE FROM ll_notes WHERE sender_key = ? OR recipient_id = ?",
            (self._pseudonym(user_id), user_id),
        )
        # A recipient's block of this member and this member's anonymous sends of the last
        # day stay: they protect others, and dropping them would lift a boundary or a limit
        # (see PRIVACY.md). Neither names the member.
        await self._db.execute("DELETE FROM ll_note_blocks WHERE recipient_id = ?", (user_id,))

    async def delete_guild(self, guild_id: int) -> None:
        await self._db.execute("DELETE FROM ll_notes WHERE guild_id = ?", (guild_id,))
