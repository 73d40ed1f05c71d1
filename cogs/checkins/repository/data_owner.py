"""Check-ins' part of /mydata: a member's schedule, their check-ins with their notes opened,
their buddyships and shares; and what goes when a member or a server's data is deleted.
A share's mood is its sharer's: a buddy's export holds only their own answers.

A check-in is sent by DM and belongs to its member, not to a server, so a server's purge
leaves check-ins alone and takes only the buddyships asked for in that server.

A declined invitation's rest protects the member who declined: it is exported, names both only
by pseudonyms, and outlives /mydata delete until it ends (30 days).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database
from bot.storage.vault import Vault


class CheckinDataOwner:
    data_name: str = "private check-ins"
    data_tables: tuple[str, ...] = (
        "checkin_schedules",
        "checkins",
        "checkin_buddies",
        "checkin_shares",
        "checkin_buddy_rests",
    )

    def __init__(self, db: Database, vault: Vault) -> None:
        self._db = db
        self._vault = vault

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        schedule = await self._db.fetch_one(
            "SELECT at, timezone, weekdays, retention_days, paused, paused_until, created_at "
            "FROM checkin_schedules WHERE user_id = ?",
            (user_id,),
        )
        checkins = await self._db.fetch_all(
            "SELECT * FROM checkins WHERE user_id = ? ORDER BY id", (user_id,)
        )
        buddies = await self._db.fetch_all(
            "SELECT * FROM checkin_buddies WHERE user_id = ? OR buddy_id = ? ORDER BY id",
            (user_id, user_id),
        )
        key = self._vault.pseudonym(user_id)
        rests = await self._db.fetch_all(
            "SELECT asker, until FROM checkin_buddy_rests WHERE asker = ? OR member = ? "
            "ORDER BY until",
            (key, key),
        )
        shared = await self._db.fetch_all(
            "SELECT * FROM checkin_shares WHERE user_id = ? OR buddy_id = ? ORDER BY id",
            (user_id, user_id),
        )
        return {
            "schedule": dict(schedule) if schedule is not None else None,
            "checkins": [
                {
                    "asked_at": r["asked_at"],
                    "answered_at": r["answered_at"],
                    "mood": r["mood"],
                    "passed": bool(r["passed"]),
                    "wish": r["wish"],
                    "note": self._vault.unseal_optional(r["note_sealed"]),
                    "note_expires_at": r["note_expires_at"],
                }
                for r in checkins
            ],
            "buddies": [
                {
                    "you_asked": int(r["user_id"]) == user_id,
                    "other_member": str(
                        r["buddy_id"] if int(r["user_id"]) == user_id else r["user_id"]
                    ),
                    "server": str(r["guild_id"]),
                    "status": r["status"],
                    "since": r["created_at"],
                }
                for r in buddies
            ],
            # What was shared with a member is the sharer's: only their own answer is theirs.
            "shared_by_you": [
                {"with": str(r["buddy_id"]), "at": r["created_at"], "answer": r["response"]}
                for r in shared
                if int(r["user_id"]) == user_id
            ],
            "declined_invitations_resting_until": [
                {"you_asked": r["asker"] == key, "until": r["until"]} for r in rests
            ],
            "your_answers_as_a_buddy": [
                {"answer": r["response"], "at": r["responded_at"]}
                for r in shared
                if int(r["buddy_id"]) == user_id and r["response"] is not None
            ],
        }

    async def delete_member(self, user_id: int) -> list[PostRef]:
        async with self._db.transaction() as db:
            await db.execute("DELETE FROM checkin_schedules WHERE user_id = ?", (user_id,))
            await db.execute(
                "DELETE FROM checkin_shares WHERE user_id = ? OR buddy_id = ?", (user_id, user_id)
            )
            await db.execute("DELETE FROM checkins WHERE user_id = ?", (user_id,))
            invitations = await db.fetch_all(
                "DELETE FROM checkin_buddies WHERE user_id = ? OR buddy_id = ? "
                "RETURNING channel_id, message_id",
                (user_id, user_id),
            )
            # checkin_buddy_rests stays until it ends: it protects the one who declined.
        # An invitation post names both members in its server: it goes with either.
        return [
            PostRef(int(r["channel_id"]), int(r["message_id"]))
            for r in invitations
            if r["message_id"] is not None
        ]

    async def delete_guild(self, guild_id: int) -> None:
        await self._db.execute("DELETE FROM checkin_buddies WHERE guild_id = ?", (guild_id,))
