"""Pairs of partners: the invitation, its answer, the schedule, and stopping.

Each change reads the row, asks :mod:`cogs.reviews.rounds` whether it is allowed, and writes
the answer in the same transaction, so two presses at once make one change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.timing.cadence import CADENCES
from bot.timing.recurrence import Recurrence, first_fire_at
from cogs.reviews.rounds import Pair, PairStatus, ReviewRefusal, answer_invitation, invite

__all__ = ["CADENCES", "PairStore", "ReviewSchedule", "StoredPair", "pair_of"]


@dataclass(frozen=True, slots=True)
class ReviewSchedule:
    cadence: str  # one of CADENCES
    weekday: int  # 0 = Monday
    at: time
    zone: ZoneInfo
    anchor: date  # the local date the cadence counts from

    @property
    def rule(self) -> Recurrence:
        """The weekly occurrence the cadence picks its rounds from."""
        return Recurrence(self.at, frozenset({self.weekday}), self.zone)


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
    since: datetime | None = None  # occurrences at or before it are done with
    next_fire_at: datetime | None = None
    stop_owed_to: int | None = None  # the partner still to be told the other stopped

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
        since=None if row["since"] is None else from_db_time(row["since"]),
        next_fire_at=None if row["next_fire_at"] is None else from_db_time(row["next_fire_at"]),
        stop_owed_to=row["stop_owed_to"],
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

    async def all_of(self, user_id: int) -> list[StoredPair]:
        """Every review of the member's, stopped ones too (their history stays theirs)."""
        rows = await self._db.fetch_all(
            "SELECT * FROM review_pairs WHERE inviter_id = ? OR partner_id = ? ORDER BY id",
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
        """The invited partner's Accept or Decline, once (two presses at once make one).
        Accepting starts the schedule from now: nothing before it is caught up."""
        async with self._db.transaction():
            stored = await self._require(pair_id)
            changed = answer_invitation(stored.rules(), by, accept=accept)
            if changed.status is PairStatus.ACTIVE:
                await self._db.execute(
                    "UPDATE review_pairs SET since = ?, next_fire_at = ? WHERE id = ?",
                    (
                        to_db_time(now),
                        to_db_time(first_fire_at(stored.schedule.rule, now)),
                        pair_id,
                    ),
                )
            return await self._set_status(pair_id, changed.status, now)

    async def stop(self, pair_id: int, by: int, now: datetime) -> StoredPair:
        """Either partner stops; an open round ends unrevealed with it. The other partner is
        owed a kind word (``stop_owed_to``) until :meth:`stop_told`, so a crash between the
        stop and its letter never loses it."""
        async with self._db.transaction():
            stored = await self._require(pair_id)
            other = stored.rules().other(by)
            await self._db.execute(
                "UPDATE review_rounds SET state = 'stopped', closed_at = ? "
                "WHERE pair_id = ? AND state = 'open'",
                (to_db_time(now), pair_id),
            )
            await self._db.execute(
                "UPDATE review_pairs SET stop_owed_to = ? WHERE id = ?", (other, pair_id)
            )
            return await self._set_status(pair_id, PairStatus.STOPPED, now)

    async def stops_owed(self) -> list[StoredPair]:
        """Stopped reviews whose other partner is not yet told."""
        rows = await self._db.fetch_all(
            "SELECT * FROM review_pairs WHERE stop_owed_to IS NOT NULL ORDER BY id"
        )
        return [pair_of(row) for row in rows]

    async def stop_told(self, pair_id: int) -> None:
        await self._db.execute(
            "UPDATE review_pairs SET stop_owed_to = NULL WHERE id = ?", (pair_id,)
        )

    # -- the schedule, as the recurring source reads and moves it -----------------------

    async def due_by(self, until: datetime, limit: int) -> list[StoredPair]:
        rows = await self._db.fetch_all(
            "SELECT * FROM review_pairs WHERE status = 'active' AND next_fire_at <= ? "
            "ORDER BY next_fire_at LIMIT ?",
            (to_db_time(until), limit),
        )
        return [pair_of(row) for row in rows]

    async def next_due_at(self) -> datetime | None:
        value = await self._db.fetch_value(
            "SELECT MIN(next_fire_at) FROM review_pairs WHERE status = 'active'"
        )
        return from_db_time(value) if value else None

    async def advance(self, moves: list[tuple[int, datetime, datetime, datetime]]) -> None:
        """(pair id, since read, new since, next fire): written only where ``since`` is
        still the one read, so a change made meanwhile is kept."""
        await self._db.execute_many(
            "UPDATE review_pairs SET since = ?, next_fire_at = ? WHERE id = ? AND since = ?",
            [
                (to_db_time(since), to_db_time(next_at), pair_id, to_db_time(read))
                for pair_id, read, since, next_at in moves
            ],
        )

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
