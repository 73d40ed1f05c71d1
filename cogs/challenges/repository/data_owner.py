"""Fun challenges' part of /mydata: what a member can export, and what goes when a member or
a server's data is deleted (registered with the bot's data rights).

A member's completions carry their words in the thread, so deleting them returns those
posts for the post-deletion queue. Laughs are found by the laugher's pseudonym.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database
from bot.storage.vault import Vault


class ChallengeDataOwner:
    data_name: str = "fun challenges"
    data_tables: tuple[str, ...] = (
        "challenge_channels",
        "challenge_posts",
        "challenge_completions",
        "challenge_laughs",
        "challenge_schedules",
    )

    def __init__(self, db: Database, vault: Vault) -> None:
        self._db = db
        self._vault = vault

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        done = await self._db.fetch_all(
            """
            SELECT c.*, p.challenge_text, p.kind, p.guild_id FROM challenge_completions c
              JOIN challenge_posts p ON p.id = c.post_id
             WHERE c.user_id = ? ORDER BY c.id
            """,
            (user_id,),
        )
        laughs = await self._db.fetch_all(
            "SELECT created_at FROM challenge_laughs WHERE member_key = ? ORDER BY created_at",
            (self._vault.pseudonym(user_id),),
        )
        completions = [
            {
                "challenge": r["challenge_text"],
                "kind": r["kind"],
                "server": str(r["guild_id"]),
                "note": self._vault.unseal(r["note_sealed"]) if r["note_sealed"] else None,
                "done_at": r["created_at"],
                "edited_at": r["edited_at"],
                "kept_at": r["kept_at"],
            }
            for r in done
        ]
        return {
            "completions": completions,
            "kept_moments": [c for c in completions if c["kept_at"] is not None],
            "laughs_you_gave": [r["created_at"] for r in laughs],
        }

    async def delete_member(self, user_id: int) -> list[PostRef]:
        rows = await self._db.fetch_all(
            "DELETE FROM challenge_completions WHERE user_id = ? RETURNING channel_id, message_id",
            (user_id,),
        )
        await self._db.execute(
            "DELETE FROM challenge_laughs WHERE member_key = ?", (self._vault.pseudonym(user_id),)
        )
        return [PostRef(int(r[0]), int(r[1])) for r in rows if r[1] is not None]

    async def delete_guild(self, guild_id: int) -> None:
        # completions and their laughs go with their posts
        for table in ("challenge_posts", "challenge_channels", "challenge_schedules"):
            await self._db.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))  # noqa: S608 - fixed names
