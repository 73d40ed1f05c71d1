"""Pairs of partners: the invitation, its answer, the schedule, and stopping.

Each change reads the row, asks :mod:`cogs.reviews.rounds` whether it is allowed, and writes
the answer in the same transaction, so two presses at once make one change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.storage.database import Database, Row, from_db_time, to_db_time
from cogs.reviews.rounds import Pair, PairStatus, ReviewRefusal, answer_invitation, invite

CADENCES = ("weekly", "fortnightly", "monthly")


@dataclass(frozen=True, slots=True)
class ReviewSchedule:
    cadence: str  # one of CADENCES
    weekday: int  # 0 = Monday
    at: time
    zone: ZoneInfo
    anchor: date  # the local date the cadence counts from


@dataclass(frozen=True, slots=True)
class StoredPair:
    id: int
    guild_id: int
    channel_id: int
    invite_message_id: int | None
    inviter_id: int | None  # None once that member deleted their data
    partner_id: int | None
    status: PairStatus
    schedule: ReviewSchedule
    created_at: datetime

    def rules(self) -> Pair:
        """The pair as :mod:`cogs.reviews.rounds` reasons about it (both members known)."""
        if self.inviter_id is None or self.partner_id is None:
            return Pair(self.inviter_id or 0, self.partner_id or 0, PairStatus.STOPPED)
        return Pair(self.inviter_id, self.partner_id, self.status)


def pair_of(row: Row) -> StoredPair:
    return StoredPair(
        id=int(row["id"]),
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        invite_message_id=row["invite_message_id"],
        inviter_id=row["inviter_id"],
        partner_id=row["partner_id"],
        status=PairStatus(row["status"]),
        schedule=ReviewSchedule(
            cadence=row["cadence"],
            weekday=int(row["weekday"]),
            at=time.fromisoformat(row["at"]),
            zone=ZoneInfo(row["timezone"]),
            anchor=date.fromisoformat(row["anchor"]),
        ),
        created_at=from_db_time(row["created_at"]),
    )


class PairStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def invite(
        self,
        *,
        guild_id: int,
        channel_id: int,
        inviter_id: int,
        partner_id: int,
        schedule: ReviewSchedule,
        now: datetime,
    ) -> StoredPair:
        """A new invitation; refused while the two already have a review not stopped (checked
        and written in one transaction; the unique index is the backstop)."""
        invite(inviter_id, partner_id)
        if schedule.cadence not in CADENCES:
            raise ValueError(f"unknown cadence {schedule.cadence!r}")
        async with self._db.transaction():
            live = await self._db.fetch_one(
                "SELECT 1 FROM review_pairs WHERE status <> 'stopped' AND "
                "((inviter_id = ? AND partner_id = ?) OR (inviter_id = ? AND partner_id = ?))",
                (inviter_id, partner_id, partner_id, inviter_id),
            )
            if live is not None:
                raise ReviewRefusal("already_paired")
            row = await self._db.insert_returning(
                """
                INSERT INTO review_pairs (guild_id, channel_id, inviter_id, partner_id, status,
                    cadence, weekday, at, timezone, anchor, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'invited', ?, ?, ?, ?, ?, ?, ?)
                RETURNING *
                """,
                (
                    guild_id,
                    channel_id,
                    inviter_id,
                    partner_id,
                    schedule.cadence,
                    schedule.weekday,
                    schedule.at.strftime("%H:%M"),
                    schedule.zone.key,
                    schedule.anchor.isoformat(),
                    to_db_time(now),
                    to_db_time(now),
                ),
            )
        return pair_of(row)

    async def set_invite_message(self, pair_id: int, message_id: int) -> None:
        await self._db.execute(
            "UPDATE review_pairs SET invite_message_id = ? WHERE id = ?", (message_id, pair_id)
        )

    async def get(self, pair_id: int) -> StoredPair | None:
        row = await self._db.fetch_one("SELECT * FROM review_pairs WHERE id = ?", (pair_id,))
        return None if row is None else pair_of(row)

    async def live_pairs_of(self, user_id: int) -> list[StoredPair]:
        """The member's reviews that are not stopped (invited or active), oldest first."""
        rows = await self._db.fetch_all(
            """
            SELECT * FROM review_pairs
             WHERE (inviter_id = ? OR partner_id = ?) AND status <> 'stopped'
             ORDER BY id
            """,
            (user_id, user_id),
        )
        return [pair_of(row) for row in rows]

    async def active(self) -> list[StoredPair]:
        """Every active pair, for the scheduler to plan their rounds at start-up."""
        rows = await self._db.fetch_all(
            "SELECT * FROM review_pairs WHERE status = 'active' ORDER BY id"
        )
        return [pair_of(row) for row in rows]

    async def answer(self, pair_id: int, by: int, *, accept: bool, now: datetime) -> StoredPair:
        """The invited partner's Accept or Decline, once (two presses at once make one)."""
        async with self._db.transaction():
            stored = await self._require(pair_id)
            changed = answer_invitation(stored.rules(), by, accept=accept)
            return await self._set_status(pair_id, changed.status, now)

    async def stop(self, pair_id: int, by: int, now: datetime) -> StoredPair:
        """Either partner stops; an open round ends unrevealed with it."""
        async with self._db.transaction():
            stored = await self._require(pair_id)
            stored.rules().other(by)
            await self._db.execute(
                "UPDATE review_rounds SET state = 'stopped', closed_at = ? "
                "WHERE pair_id = ? AND state = 'open'",
                (to_db_time(now), pair_id),
            )
            return await self._set_status(pair_id, PairStatus.STOPPED, now)

    async def _require(self, pair_id: int) -> StoredPair:
        stored = await self.get(pair_id)
        if stored is None:
            raise ReviewRefusal("invitation_answered")
        return stored

    async def _set_status(self, pair_id: int, status: PairStatus, now: datetime) -> StoredPair:
        row = await self._db.insert_returning(
            "UPDATE review_pairs SET status = ?, updated_at = ? WHERE id = ? RETURNING *",
            (status.value, to_db_time(now), pair_id),
        )
        return pair_of(row)
