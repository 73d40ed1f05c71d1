"""The letters' records: whom a waiting letter is about, which message a sent one became,
export, deletion and the weekly tidy-up of ``deliveries`` (the sending is
:mod:`bot.outbound.delivery`'s job)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.privacy.boundary_rules import WEEK
from bot.privacy.data_rights import PostRef
from bot.storage.database import Database, to_db_time
from bot.storage.vault import Vault

KEEP_FINISHED = WEEK + timedelta(days=1)  # the weekly limit looks back seven days


class LetterRecords:
    """The data owner of ``deliveries`` and ``delivery_about``."""

    data_name: str = "private messages"
    data_tables: tuple[str, ...] = ("deliveries", "delivery_about")

    _db: Database
    _vault: Vault

    async def _remember_about(self, delivery_id: int, about: Sequence[int]) -> None:
        await self._db.execute_many(
            "INSERT INTO delivery_about (delivery_id, member) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(delivery_id, self._vault.pseudonym(member)) for member in sorted(set(about))],
        )

    async def sent_message(self, user_id: int, dedupe_key: str) -> tuple[int, int] | None:
        """The (channel id, message id) a sent letter went out as, while its record is kept
        (a week and a day): so a press on a letter's button can be checked against the
        message it came from."""
        row = await self._db.fetch_one(
            "SELECT channel_id, message_id FROM deliveries "
            "WHERE user_id = ? AND dedupe_key = ? AND state = 'sent'",
            (user_id, dedupe_key),
        )
        if row is None or row["channel_id"] is None or row["message_id"] is None:
            return None
        return int(row["channel_id"]), int(row["message_id"])

    async def forget_finished(self, now: datetime) -> int:
        """Sent and dropped letters keep no content; their rows go once the week is over."""
        return await self._db.execute(
            "DELETE FROM deliveries WHERE state IN ('sent', 'dropped') AND finished_at <= ?",
            (to_db_time(now - KEEP_FINISHED),),
        )

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        rows = await self._db.fetch_all(
            "SELECT * FROM deliveries WHERE user_id = ? ORDER BY id", (user_id,)
        )
        letters = []
        for row in rows:
            entry: dict[str, Any] = {
                "kind": row["kind"],
                "state": row["state"],
                "due_at": row["due_at"],
                "created_at": row["created_at"],
                "finished_at": row["finished_at"],
            }
            if row["payload_sealed"]:
                entry["message"] = json.loads(self._vault.unseal(row["payload_sealed"]))
            letters.append(entry)
        return {"letters": letters}

    async def delete_member(self, user_id: int) -> list[PostRef]:
        """The member's own letters, and every letter still waiting that carries their
        words or is about them (a note they sent, held by its recipient's quiet hours):
        those would otherwise reach someone after the member asked for deletion."""
        await self._db.execute("DELETE FROM deliveries WHERE user_id = ?", (user_id,))
        member = self._vault.pseudonym(user_id)
        await self._db.execute(
            """
            DELETE FROM deliveries
             WHERE state IN ('waiting', 'sending')
               AND id IN (SELECT delivery_id FROM delivery_about WHERE member = ?)
            """,
            (member,),
        )
        await self._db.execute("DELETE FROM delivery_about WHERE member = ?", (member,))
        return []

    async def delete_guild(self, guild_id: int) -> None:
        await self._db.execute("DELETE FROM deliveries WHERE guild_id = ?", (guild_id,))
