"""Who joined buddy pairings, each round's groups, and who stayed silent in their thread.

Membership is Kindred's own (one row per member per server): with only the ``guilds``
intent the bot never sees the member list. A round and its groups are saved in one
transaction before any thread is made, keyed by the schedule's occurrence, so a retry after
a crash makes the threads that are missing and never pairs anyone twice.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.timing.clock import Clock

#: Rounds in a row without a word in the thread before a member is asked whether to stay.
SILENT_ROUNDS_BEFORE_ASKING = 3
RECENT_ROUNDS = 4
#: After any round in a server, how long ``/challenge pairs now`` waits before another: two
#: admins pressing at once (or one pressing twice) must not give everyone two threads.
NOW_COOLDOWN = timedelta(minutes=10)


class RoundTooSoon(Exception):
    """A round "now" refused because the server had one within :data:`NOW_COOLDOWN`."""

    def __init__(self, allowed_at: datetime) -> None:
        super().__init__(f"the next round now is allowed at {allowed_at.isoformat()}")
        self.allowed_at = allowed_at


@dataclass(frozen=True, slots=True)
class Membership:
    guild_id: int
    user_id: int
    joined_at: datetime
    silent_rounds: int
    asked: bool  # waiting for Stay / Leave, so skipped
    left_out_round: int | None


@dataclass(frozen=True, slots=True)
class Group:
    id: int
    round_id: int
    guild_id: int
    members: tuple[int, ...]
    activity_id: str
    activity_text: str
    thread_id: int | None
    message_id: int | None


@dataclass(frozen=True, slots=True)
class NewGroup:
    """A group a round is about to save, with the activity it is given."""

    members: tuple[int, ...]
    activity_id: str
    activity_text: str


@dataclass(frozen=True, slots=True)
class Ask:
    id: int
    guild_id: int
    user_id: int
    thread_id: int
    message_id: int | None
    answer: str | None


def _membership(row: Row) -> Membership:
    return Membership(
        guild_id=int(row["guild_id"]),
        user_id=int(row["user_id"]),
        joined_at=from_db_time(row["joined_at"]),
        silent_rounds=int(row["silent_rounds"]),
        asked=row["asked_at"] is not None,
        left_out_round=row["left_out_round"],
    )


def _ask(row: Row) -> Ask:
    return Ask(
        id=int(row["id"]),
        guild_id=int(row["guild_id"]),
        user_id=int(row["user_id"]),
        thread_id=int(row["thread_id"]),
        message_id=row["message_id"],
        answer=row["answer"],
    )


class PairStore:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # -- membership ---------------------------------------------------------------------

    async def join(self, guild_id: int, user_id: int) -> bool:
        """Join a server's pairings; False if already in."""
        changed = await self._db.execute(
            "INSERT INTO pair_members (guild_id, user_id, joined_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (guild_id, user_id, to_db_time(self._clock.now())),
        )
        return changed == 1

    async def leave(self, guild_id: int, user_id: int) -> bool:
        """Leave a server's pairings (past rounds stay, so old partners are not repeated)."""
        changed = await self._db.execute(
            "DELETE FROM pair_members WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return changed > 0

    async def membership(self, guild_id: int, user_id: int) -> Membership | None:
        row = await self._db.fetch_one(
            "SELECT * FROM pair_members WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return _membership(row) if row else None

    async def members(self, guild_id: int) -> list[Membership]:
        rows = await self._db.fetch_all(
            "SELECT * FROM pair_members WHERE guild_id = ? ORDER BY user_id", (guild_id,)
        )
        return [_membership(r) for r in rows]

    # -- rounds -------------------------------------------------------------------------

    async def round_for(self, guild_id: int, occurrence_key: str) -> int | None:
        value = await self._db.fetch_value(
            "SELECT id FROM pair_rounds WHERE guild_id = ? AND occurrence_key = ?",
            (guild_id, occurrence_key),
        )
        return int(value) if value is not None else None

    async def latest_round(self, guild_id: int) -> int | None:
        value = await self._db.fetch_value(
            "SELECT MAX(id) FROM pair_rounds WHERE guild_id = ?", (guild_id,)
        )
        return int(value) if value is not None else None

    async def next_now_allowed(self, guild_id: int) -> datetime | None:
        """When ``/challenge pairs now`` may make a round here again; None if it may now."""
        value = await self._db.fetch_value(
            "SELECT created_at FROM pair_rounds WHERE guild_id = ? ORDER BY id DESC LIMIT 1",
            (guild_id,),
        )
        if value is None:
            return None
        allowed_at = from_db_time(value) + NOW_COOLDOWN
        return allowed_at if allowed_at > self._clock.now() else None

    async def past_rounds(self, guild_id: int) -> list[list[tuple[int, ...]]]:
        """The groups of the server's last four rounds that paired anyone, most recent
        first (a round that found one member nobody does not push real ones out)."""
        rounds = await self._db.fetch_all(
            """
            SELECT r.id FROM pair_rounds r
             WHERE r.guild_id = ? AND EXISTS (SELECT 1 FROM pair_groups g WHERE g.round_id = r.id)
             ORDER BY r.id DESC LIMIT ?
            """,
            (guild_id, RECENT_ROUNDS),
        )
        return [[g.members for g in await self.groups_of(int(r["id"]))] for r in rounds]

    async def recent_activities(self, guild_id: int) -> set[str]:
        rows = await self._db.fetch_all(
            """
            SELECT g.activity_id FROM pair_groups g
             WHERE g.round_id IN (SELECT DISTINCT round_id FROM pair_groups WHERE guild_id = ?
                                   ORDER BY round_id DESC LIMIT ?)
            """,
            (guild_id, RECENT_ROUNDS),
        )
        return {str(r[0]) for r in rows}

    async def create_round(
        self,
        guild_id: int,
        channel_id: int,
        occurrence_key: str | None,
        groups: Sequence[NewGroup],
        unpaired: Collection[int],
        *,
        cooldown: bool = False,
    ) -> int | None:
        """Save a round and its groups at once; None if this occurrence already has one.

        With ``cooldown`` (a round "now"), raise :class:`RoundTooSoon` instead if the server
        had a round within :data:`NOW_COOLDOWN`: checked inside the same write transaction
        as the insert, so two rounds "now" at once (even from two processes) make one."""
        now = to_db_time(self._clock.now())
        async with self._db.transaction():
            if occurrence_key is not None and await self.round_for(guild_id, occurrence_key):
                return None
            if cooldown and (allowed_at := await self.next_now_allowed(guild_id)) is not None:
                raise RoundTooSoon(allowed_at)
            row = await self._db.insert_returning(
                "INSERT INTO pair_rounds (guild_id, channel_id, occurrence_key, created_at) "
                "VALUES (?, ?, ?, ?) RETURNING id",
                (guild_id, channel_id, occurrence_key, now),
            )
            round_id = int(row["id"])
            for group in groups:
                made = await self._db.insert_returning(
                    "INSERT INTO pair_groups (round_id, guild_id, activity_id, activity_text) "
                    "VALUES (?, ?, ?, ?) RETURNING id",
                    (round_id, guild_id, group.activity_id, group.activity_text),
                )
                await self._db.execute_many(
                    "INSERT INTO pair_group_members (group_id, user_id) VALUES (?, ?)",
                    [(int(made["id"]), m) for m in group.members],
                )
            await self._db.execute_many(
                "UPDATE pair_members SET left_out_round = ? WHERE guild_id = ? AND user_id = ?",
                [(round_id, guild_id, m) for m in unpaired],
            )
        return round_id

    async def groups_of(self, round_id: int) -> list[Group]:
        rows = await self._db.fetch_all(
            "SELECT * FROM pair_groups WHERE round_id = ? ORDER BY id", (round_id,)
        )
        return [await self._group(r) for r in rows]

    async def _group(self, row: Row) -> Group:
        members = await self._db.fetch_all(
            "SELECT user_id FROM pair_group_members WHERE group_id = ? ORDER BY user_id",
            (row["id"],),
        )
        return Group(
            id=int(row["id"]),
            round_id=int(row["round_id"]),
            guild_id=int(row["guild_id"]),
            members=tuple(int(m[0]) for m in members),
            activity_id=str(row["activity_id"]),
            activity_text=str(row["activity_text"]),
            thread_id=row["thread_id"],
            message_id=row["message_id"],
        )

    async def set_thread(self, group_id: int, thread_id: int) -> None:
        await self._db.execute(
            "UPDATE pair_groups SET thread_id = ? WHERE id = ?", (thread_id, group_id)
        )

    async def set_message(self, group_id: int, message_id: int) -> None:
        await self._db.execute(
            "UPDATE pair_groups SET message_id = ? WHERE id = ?", (message_id, group_id)
        )

    async def current_group(self, guild_id: int, user_id: int) -> Group | None:
        """The member's group in the server's latest round, if they were in it."""
        row = await self._db.fetch_one(
            """
            SELECT g.* FROM pair_groups g JOIN pair_group_members m ON m.group_id = g.id
             WHERE g.guild_id = ? AND m.user_id = ?
               AND g.round_id = (SELECT MAX(id) FROM pair_rounds WHERE guild_id = ?)
            """,
            (guild_id, user_id, guild_id),
        )
        return await self._group(row) if row else None

    # -- silence ------------------------------------------------------------------------

    async def unreviewed_groups(self, guild_id: int) -> list[Group]:
        """Groups of past rounds whose threads have not been read for who spoke."""
        rows = await self._db.fetch_all(
            "SELECT * FROM pair_groups WHERE guild_id = ? AND reviewed = 0 "
            "AND thread_id IS NOT NULL ORDER BY id",
            (guild_id,),
        )
        return [await self._group(r) for r in rows]

    async def record_review(self, group: Group, spoke: Collection[int] | None) -> list[int]:
        """Count a round of silence for each member who said nothing in the group's thread
        (``spoke`` None: the thread could not be read, so nobody is counted silent); returns
        the members who have now been silent long enough to be asked. Once per group."""
        async with self._db.transaction():
            if not await self._db.execute(
                "UPDATE pair_groups SET reviewed = 1 WHERE id = ? AND reviewed = 0", (group.id,)
            ):
                return []
            if spoke is None:
                return []
            for user_id in group.members:
                await self._db.execute(
                    "UPDATE pair_members SET silent_rounds = "
                    "CASE WHEN ? THEN 0 ELSE silent_rounds + 1 END "
                    "WHERE guild_id = ? AND user_id = ? AND asked_at IS NULL",
                    (user_id in spoke, group.guild_id, user_id),
                )
            rows = await self._db.fetch_all(
                f"SELECT user_id FROM pair_members WHERE guild_id = ? AND asked_at IS NULL "  # noqa: S608 - placeholders only
                f"AND silent_rounds >= ? AND user_id IN ({', '.join('?' * len(group.members))})",
                (group.guild_id, SILENT_ROUNDS_BEFORE_ASKING, *group.members),
            )
        return sorted(int(r[0]) for r in rows)

    async def create_ask(self, guild_id: int, user_id: int, thread_id: int) -> int:
        """Ask a silent member whether to stay; they are skipped until they answer."""
        now = to_db_time(self._clock.now())
        async with self._db.transaction():
            await self._db.execute(
                "UPDATE pair_members SET asked_at = ? WHERE guild_id = ? AND user_id = ?",
                (now, guild_id, user_id),
            )
            row = await self._db.insert_returning(
                "INSERT INTO pair_asks (guild_id, user_id, thread_id, created_at) "
                "VALUES (?, ?, ?, ?) RETURNING id",
                (guild_id, user_id, thread_id, now),
            )
        return int(row["id"])

    async def set_ask_message(self, ask_id: int, message_id: int) -> None:
        await self._db.execute(
            "UPDATE pair_asks SET message_id = ? WHERE id = ?", (message_id, ask_id)
        )

    async def drop_ask(self, ask: Ask) -> None:
        """Forget a question that could not be posted: the member is asked next round."""
        async with self._db.transaction():
            await self._db.execute("DELETE FROM pair_asks WHERE id = ?", (ask.id,))
            await self._db.execute(
                "UPDATE pair_members SET asked_at = NULL WHERE guild_id = ? AND user_id = ?",
                (ask.guild_id, ask.user_id),
            )

    async def ask(self, ask_id: int) -> Ask | None:
        row = await self._db.fetch_one("SELECT * FROM pair_asks WHERE id = ?", (ask_id,))
        return _ask(row) if row else None

    async def answer(self, ask: Ask, *, stay: bool) -> bool:
        """Stay (counted as active again) or leave; False if it was answered already."""
        async with self._db.transaction():
            if not await self._db.execute(
                "UPDATE pair_asks SET answer = ? WHERE id = ? AND answer IS NULL",
                ("stay" if stay else "leave", ask.id),
            ):
                return False
            if stay:
                await self._db.execute(
                    "UPDATE pair_members SET asked_at = NULL, silent_rounds = 0 "
                    "WHERE guild_id = ? AND user_id = ?",
                    (ask.guild_id, ask.user_id),
                )
            else:
                await self.leave(ask.guild_id, ask.user_id)
        return True
