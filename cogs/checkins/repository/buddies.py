"""Buddies: a member asks, the other accepts or declines with buttons where it was asked,
and nothing is shared before an accept. Each answer is one conditional write, so only the
invited member's first press counts; ``remove`` ends a buddyship from either side, silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.storage.vault import Vault

#: How long a decline stands before the same member may be asked again by the same asker.
DECLINE_REST = timedelta(days=30)


class BuddyStatus(Enum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class Buddy:
    id: int
    user_id: int
    buddy_id: int
    guild_id: int
    channel_id: int
    message_id: int | None
    status: BuddyStatus
    created_at: datetime


class BuddyStore:
    def __init__(self, db: Database, vault: Vault) -> None:
        self._db = db
        self._vault = vault

    async def invite(
        self, user_id: int, buddy_id: int, guild_id: int, channel_id: int, now: datetime
    ) -> Buddy | None:
        """A new invitation; None if one is already waiting, they are already buddies, or
        the member declined this asker within :data:`DECLINE_REST` (a decline is respected:
        an invitation names its member in front of others, and must not be repeated at them)."""
        if user_id == buddy_id:
            return None
        async with self._db.transaction() as db:
            if await self.declined_recently(user_id, buddy_id, now):
                return None
            row = await db.fetch_one(
                "INSERT INTO checkin_buddies (user_id, buddy_id, guild_id, channel_id, "
                "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *",
                (user_id, buddy_id, guild_id, channel_id, to_db_time(now)),
            )
        return _buddy(row) if row is not None else None

    async def declined_recently(self, user_id: int, buddy_id: int, now: datetime) -> bool:
        """Whether the member declined this asker's invitation within the rest period (the
        rest outlives either side's deleted data: see ``checkin_buddy_rests``)."""
        return bool(
            await self._db.fetch_one(
                "SELECT 1 FROM checkin_buddy_rests WHERE asker = ? AND member = ? AND until > ?",
                (self._vault.pseudonym(user_id), self._vault.pseudonym(buddy_id), to_db_time(now)),
            )
        )

    async def forget_ended_rests(self, now: datetime) -> int:
        """Rests that have ended protect nobody any more."""
        return await self._db.execute(
            "DELETE FROM checkin_buddy_rests WHERE until <= ?", (to_db_time(now),)
        )

    async def posted(self, invitation_id: int, message_id: int) -> None:
        await self._db.execute(
            "UPDATE checkin_buddies SET message_id = ? WHERE id = ?", (message_id, invitation_id)
        )

    async def get(self, invitation_id: int) -> Buddy | None:
        row = await self._db.fetch_one(
            "SELECT * FROM checkin_buddies WHERE id = ?", (invitation_id,)
        )
        return _buddy(row) if row is not None else None

    async def answer(
        self, invitation_id: int, buddy_id: int, *, accept: bool, now: datetime
    ) -> bool:
        """Only the invited member, only once, only while the invitation waits."""
        status = BuddyStatus.ACCEPTED if accept else BuddyStatus.DECLINED
        async with self._db.transaction() as db:
            answered = await db.fetch_all(
                "UPDATE checkin_buddies SET status = ?, answered_at = ? "
                "WHERE id = ? AND buddy_id = ? AND status = 'invited' RETURNING user_id",
                (status.value, to_db_time(now), invitation_id, buddy_id),
            )
            if answered and not accept:
                # The decline and its rest are one write: the rest protects the member who
                # declined even if the asker deletes their data straight after.
                await db.execute(
                    "INSERT INTO checkin_buddy_rests (asker, member, until) VALUES (?, ?, ?) "
                    "ON CONFLICT (asker, member) DO UPDATE SET until = excluded.until",
                    (
                        self._vault.pseudonym(int(answered[0]["user_id"])),
                        self._vault.pseudonym(buddy_id),
                        to_db_time(now + DECLINE_REST),
                    ),
                )
        return len(answered) == 1

    async def remove(self, user_id: int, other_id: int, now: datetime) -> bool:
        """End a buddyship or a waiting invitation between the two, whoever asked."""
        changed = await self._db.execute(
            "UPDATE checkin_buddies SET status = 'ended', answered_at = ? "
            "WHERE status IN ('invited', 'accepted') "
            "AND ((user_id = ? AND buddy_id = ?) OR (user_id = ? AND buddy_id = ?))",
            (to_db_time(now), user_id, other_id, other_id, user_id),
        )
        return changed > 0

    async def buddies_of(self, user_id: int) -> list[int]:
        """Whom a member can share a check-in with: accepted buddies they asked."""
        rows = await self._db.fetch_all(
            "SELECT buddy_id FROM checkin_buddies WHERE user_id = ? AND status = 'accepted' "
            "ORDER BY id",
            (user_id,),
        )
        return [int(r["buddy_id"]) for r in rows]

    async def accepted_of(self, user_id: int) -> list[Buddy]:
        """The buddyships a member can share a check-in through, oldest first: their rows
        (not the buddies' ids) are what a share button names."""
        rows = await self._db.fetch_all(
            "SELECT * FROM checkin_buddies WHERE user_id = ? AND status = 'accepted' ORDER BY id",
            (user_id,),
        )
        return [_buddy(r) for r in rows]

    async def live_between(self, user_id: int, buddy_id: int) -> Buddy | None:
        """The invitation waiting or the buddyship standing from one member to the other."""
        row = await self._db.fetch_one(
            "SELECT * FROM checkin_buddies WHERE user_id = ? AND buddy_id = ? "
            "AND status IN ('invited', 'accepted')",
            (user_id, buddy_id),
        )
        return _buddy(row) if row is not None else None

    async def links_of(self, user_id: int) -> list[Buddy]:
        """Every invitation waiting and buddyship standing that a member is part of, either
        side: what /checkin buddy list shows and buddy remove can end."""
        rows = await self._db.fetch_all(
            "SELECT * FROM checkin_buddies WHERE (user_id = ? OR buddy_id = ?) "
            "AND status IN ('invited', 'accepted') ORDER BY id",
            (user_id, user_id),
        )
        return [_buddy(r) for r in rows]

    async def is_buddy(self, user_id: int, buddy_id: int) -> bool:
        """Checked again at the moment of sharing: a buddyship ended since the question was
        asked shares nothing."""
        return buddy_id in await self.buddies_of(user_id)


def _buddy(row: Row) -> Buddy:
    return Buddy(
        id=int(row["id"]),
        user_id=int(row["user_id"]),
        buddy_id=int(row["buddy_id"]),
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        message_id=row["message_id"],
        status=BuddyStatus(row["status"]),
        created_at=from_db_time(row["created_at"]),
    )
