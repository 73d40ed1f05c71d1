"""A check-in shared with one buddy, and the buddy's answer. Sharing is checked and recorded
in one statement: only the check-in's own member, only a check-in with a mood, and only with
a buddy whose accept still stands at that moment; the buddy answers once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from bot.storage.database import Database, Row, from_db_time, to_db_time


class Response(Enum):
    HERE = "here"  # I'm here 💛
    CANT = "cant"  # Can't right now: the member is offered other buddies and resources


@dataclass(frozen=True, slots=True)
class Share:
    id: int
    checkin_id: int
    user_id: int
    buddy_id: int
    channel_id: int | None
    message_id: int | None
    response: Response | None
    responded_at: datetime | None


class ShareStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def share(
        self, checkin_id: int, user_id: int, buddy_id: int, now: datetime
    ) -> Share | None:
        """None when it may not be shared (not theirs, no mood, no buddy) or already was."""
        async with self._db.transaction() as db:
            row = await db.fetch_one(
                """
                INSERT INTO checkin_shares (checkin_id, user_id, buddy_id, created_at)
                SELECT c.id, c.user_id, ?, ? FROM checkins c
                 WHERE c.id = ? AND c.user_id = ? AND c.mood IS NOT NULL
                   AND EXISTS (SELECT 1 FROM checkin_buddies b
                                WHERE b.user_id = c.user_id AND b.buddy_id = ?
                                  AND b.status = 'accepted')
                ON CONFLICT DO NOTHING
                RETURNING *
                """,
                (buddy_id, to_db_time(now), checkin_id, user_id, buddy_id),
            )
        return _share(row) if row is not None else None

    async def sent(self, share_id: int, channel_id: int, message_id: int) -> None:
        """Where the buddy's DM went: the only message whose buttons may answer it."""
        await self._db.execute(
            "UPDATE checkin_shares SET channel_id = ?, message_id = ? WHERE id = ?",
            (channel_id, message_id, share_id),
        )

    async def get(self, share_id: int) -> Share | None:
        row = await self._db.fetch_one("SELECT * FROM checkin_shares WHERE id = ?", (share_id,))
        return _share(row) if row is not None else None

    async def withdraw(self, share_id: int) -> None:
        """A share whose letter delivery refused (the buddy's DMs closed, their weekly limit):
        nothing reached them, so the member may try again later."""
        await self._db.execute(
            "DELETE FROM checkin_shares WHERE id = ? AND channel_id IS NULL", (share_id,)
        )

    async def shared_with(self, checkin_id: int) -> set[int]:
        """The buddies this check-in went to already: never offered twice."""
        rows = await self._db.fetch_all(
            "SELECT buddy_id FROM checkin_shares WHERE checkin_id = ?", (checkin_id,)
        )
        return {int(r["buddy_id"]) for r in rows}

    async def respond(
        self, share_id: int, buddy_id: int, response: Response, now: datetime
    ) -> bool:
        """The buddy's answer, once, only theirs, and only while the buddyship stands: after
        either side ended it, the member hears nothing more from this buddy."""
        changed = await self._db.execute(
            """
            UPDATE checkin_shares SET response = ?, responded_at = ?
             WHERE id = ? AND buddy_id = ? AND response IS NULL
               AND EXISTS (SELECT 1 FROM checkin_buddies b
                            WHERE b.user_id = checkin_shares.user_id
                              AND b.buddy_id = checkin_shares.buddy_id
                              AND b.status = 'accepted')
            """,
            (response.value, to_db_time(now), share_id, buddy_id),
        )
        return changed == 1


def _share(row: Row) -> Share:
    responded = row["responded_at"]
    return Share(
        id=int(row["id"]),
        checkin_id=int(row["checkin_id"]),
        user_id=int(row["user_id"]),
        buddy_id=int(row["buddy_id"]),
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        response=Response(row["response"]) if row["response"] else None,
        responded_at=from_db_time(responded) if responded else None,
    )
