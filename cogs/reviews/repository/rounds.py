"""Rounds and the partners' sealed answers.

The words are sealed with the vault as each form comes in. A round is read for one viewer:
their own words are unsealed, the partner's only once the round is revealed; before that the
partner's parts are known only to be there (the rules need no more to decide). Every change
reads the round, asks :mod:`cogs.reviews.rounds`, and writes the outcome in one transaction,
so the second partner's last form and the reveal are one step, and a reminder or a closing
happens once however many timers fire.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.storage.vault import Vault
from cogs.reviews.answers import Appreciations, Reflections
from cogs.reviews.repository.pairs import PairStore
from cogs.reviews.rounds import (
    Draft,
    ReviewRefusal,
    Round,
    RoundState,
    RoundView,
    add_part,
    expire,
    next_due,
    open_round,
    reminders_due,
    supersede,
    view,
)

# Stand-ins for a partner's part that is there but not read: the rules only ask whether it is.
_UNREAD_APPRECIATIONS = Appreciations(())
_UNREAD_REFLECTIONS = Reflections("", "", "")


@dataclass(frozen=True, slots=True)
class StoredRound:
    id: int
    pair_id: int
    occurrence_key: str
    rules: Round


@dataclass(frozen=True, slots=True)
class Opened:
    """What an occurrence did: the new round (None if none was made) and the previous round
    it closed as "not this time", if one was still open."""

    round: StoredRound | None
    closed: tuple[StoredRound, ...]


class RoundStore:
    def __init__(self, db: Database, vault: Vault, pairs: PairStore) -> None:
        self._db = db
        self._vault = vault
        self._pairs = pairs

    # -- opening ------------------------------------------------------------------------

    async def open(self, pair_id: int, occurrence_key: str, now: datetime) -> Opened:
        """The round of one occurrence, made once (nothing when it already exists or the pair
        is not active). A round of the pair still open is superseded: it closes as "not this
        time" and is returned, so the cog tells both partners, and no occurrence is lost to
        a round opened late."""
        async with self._db.transaction():
            pair = await self._pairs.get(pair_id)
            if pair is None:
                return Opened(None, ())
            try:
                fresh = open_round(pair.rules(), now)
            except ReviewRefusal:  # the pair is not active (any more)
                return Opened(None, ())
            seen = await self._db.fetch_one(
                "SELECT 1 FROM review_rounds WHERE pair_id = ? AND occurrence_key = ?",
                (pair_id, occurrence_key),
            )
            if seen is not None:
                return Opened(None, ())
            closed = []
            for previous in await self._open_rows(pair_id):
                stored = await self._read(previous, None)
                after = supersede(stored.rules, now)
                await self._set_state(stored.id, after)
                closed.append(StoredRound(stored.id, pair_id, stored.occurrence_key, after))
            row = await self._db.insert_returning(
                "INSERT INTO review_rounds (pair_id, occurrence_key, state, opened_at) "
                "VALUES (?, ?, 'open', ?) RETURNING id",
                (pair_id, occurrence_key, to_db_time(now)),
            )
            await self._db.execute_many(
                "INSERT INTO review_answers (round_id, user_id) VALUES (?, ?)",
                [(int(row[0]), member) for member in fresh.members],
            )
            return Opened(StoredRound(int(row[0]), pair_id, occurrence_key, fresh), tuple(closed))

    # -- reading ------------------------------------------------------------------------

    async def get(self, round_id: int, viewer: int | None = None) -> StoredRound | None:
        """The round as ``viewer`` may read it (None: nobody's words are unsealed)."""
        row = await self._db.fetch_one("SELECT * FROM review_rounds WHERE id = ?", (round_id,))
        return None if row is None else await self._read(row, viewer)

    async def by_occurrence(self, pair_id: int, occurrence_key: str) -> StoredRound | None:
        """The round an occurrence made, if it did (a retry after a crash finds it)."""
        row = await self._db.fetch_one(
            "SELECT * FROM review_rounds WHERE pair_id = ? AND occurrence_key = ?",
            (pair_id, occurrence_key),
        )
        return None if row is None else await self._read(row, None)

    async def revealed_with(self, user_id: int) -> list[tuple[int, int]]:
        """(round, partner) of each revealed round of ``user_id``'s: the letters that showed
        their words go when they delete their data."""
        rows = await self._db.fetch_all(
            """
            SELECT a.round_id, o.user_id AS partner
              FROM review_answers a
              JOIN review_rounds r ON r.id = a.round_id
              JOIN review_answers o ON o.round_id = a.round_id AND o.user_id <> a.user_id
             WHERE a.user_id = ? AND r.state = 'revealed'
            """,
            (user_id,),
        )
        return [(int(row["round_id"]), int(row["partner"])) for row in rows]

    async def view(self, round_id: int, viewer: int) -> RoundView | None:
        stored = await self.get(round_id, viewer)
        return None if stored is None else view(stored.rules, viewer)

    async def history(self, pair_id: int, viewer: int) -> list[tuple[datetime, RoundView]]:
        """The pair's revealed rounds as the viewer sees them, newest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM review_rounds WHERE pair_id = ? AND state = 'revealed' ORDER BY id DESC",
            (pair_id,),
        )
        shown = []
        for row in rows:
            stored = await self._read(row, viewer)
            if viewer in stored.rules.members:
                shown.append((stored.rules.opened_at, view(stored.rules, viewer)))
        return shown

    async def open_rounds(self) -> list[StoredRound]:
        rows = await self._db.fetch_all(
            "SELECT * FROM review_rounds WHERE state = 'open' ORDER BY id"
        )
        return [await self._read(row, None) for row in rows]

    async def next_due(self) -> datetime | None:
        """When the earliest reminder or closing falls, for the one timer that serves them;
        a closed round whose letters are still owed is due when it closed (at once)."""
        due = [d for r in await self.open_rounds() if (d := next_due(r.rules)) is not None]
        owed = await self._db.fetch_value(
            "SELECT MIN(COALESCE(closed_at, opened_at)) FROM review_rounds WHERE told_at IS NULL "
            "AND state IN ('revealed', 'not_this_time')"
        )
        if owed:
            due.append(from_db_time(owed))
        return min(due, default=None)

    # -- answering ----------------------------------------------------------------------

    async def add_part(
        self, round_id: int, user_id: int, part: Appreciations | Reflections, now: datetime
    ) -> StoredRound:
        """One form's answers, sealed; the last of the four parts reveals the round."""
        async with self._db.transaction():
            stored = await self.get(round_id, user_id)
            if stored is None:
                raise LookupError(round_id)
            after = add_part(stored.rules, user_id, part, now)
            if isinstance(part, Appreciations):
                column, value = "appreciations_sealed", json.dumps(list(part.items))
            else:
                column = "reflections_sealed"
                value = json.dumps([part.went_well, part.to_work_on, part.cared_for])
            done_at = to_db_time(now) if after.done(user_id) else None
            await self._db.execute(
                f"UPDATE review_answers SET {column} = ?, answered_at = ? "  # noqa: S608 - fixed names
                "WHERE round_id = ? AND user_id = ?",
                (self._vault.seal(value), done_at, round_id, user_id),
            )
            if after.state is RoundState.REVEALED:
                await self._set_state(round_id, after)
            return StoredRound(stored.id, stored.pair_id, stored.occurrence_key, after)

    async def mark_shown(
        self, round_id: int, user_id: int, channel_id: int, message_id: int
    ) -> None:
        """The reveal message that showed ``user_id``'s words to their partner: it goes when
        they delete their data."""
        await self._db.execute(
            "UPDATE review_answers SET shown_channel_id = ?, shown_message_id = ? "
            "WHERE round_id = ? AND user_id = ?",
            (channel_id, message_id, round_id, user_id),
        )

    async def mark_own(self, round_id: int, user_id: int, channel_id: int, message_id: int) -> None:
        """The reveal message that showed ``user_id``'s words back to them: it goes too."""
        await self._db.execute(
            "UPDATE review_answers SET own_channel_id = ?, own_message_id = ? "
            "WHERE round_id = ? AND user_id = ?",
            (channel_id, message_id, round_id, user_id),
        )

    # -- the clock ----------------------------------------------------------------------

    async def reminders_owed(self, now: datetime) -> list[tuple[StoredRound, int]]:
        """Every reminder due now and not yet queued. The cog queues each (its dedupe key
        makes two timers queue it once) and then marks it with :meth:`mark_reminded`, so a
        crash in between leaves it owed, never lost."""
        return [
            (stored, member)
            for stored in await self.open_rounds()
            for member in reminders_due(stored.rules, now)
        ]

    async def mark_reminded(self, round_id: int, user_id: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE review_answers SET reminded_at = ? "
            "WHERE round_id = ? AND user_id = ? AND reminded_at IS NULL",
            (to_db_time(now), round_id, user_id),
        )

    async def untold(self) -> list[StoredRound]:
        """Rounds that closed (revealed, or not this time) whose letters are not yet queued."""
        rows = await self._db.fetch_all(
            "SELECT * FROM review_rounds WHERE told_at IS NULL "
            "AND state IN ('revealed', 'not_this_time') ORDER BY id"
        )
        return [await self._read(row, None) for row in rows]

    async def mark_told(self, round_id: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE review_rounds SET told_at = ? WHERE id = ? AND told_at IS NULL",
            (to_db_time(now), round_id),
        )

    async def close_due(self, now: datetime) -> list[StoredRound]:
        """Rounds whose week ended unrevealed, closed as "not this time" once each."""
        async with self._db.transaction():
            closed = [await self._close_if_due(r, now) for r in await self.open_rounds()]
        return [c for c in closed if c is not None]

    # -- inside ---------------------------------------------------------------------------

    async def _close_if_due(self, stored: StoredRound, now: datetime) -> StoredRound | None:
        after = expire(stored.rules, now)
        if after is stored.rules:
            return None
        await self._set_state(stored.id, after)
        return StoredRound(stored.id, stored.pair_id, stored.occurrence_key, after)

    async def _set_state(self, round_id: int, rules: Round) -> None:
        closed = None if rules.closed_at is None else to_db_time(rules.closed_at)
        await self._db.execute(
            "UPDATE review_rounds SET state = ?, closed_at = ? WHERE id = ?",
            (rules.state.value, closed, round_id),
        )

    async def _open_rows(self, pair_id: int) -> list[Row]:
        return await self._db.fetch_all(
            "SELECT * FROM review_rounds WHERE pair_id = ? AND state = 'open'", (pair_id,)
        )

    async def _read(self, row: Row, viewer: int | None) -> StoredRound:
        answers = await self._db.fetch_all(
            "SELECT * FROM review_answers WHERE round_id = ? ORDER BY user_id", (row["id"],)
        )
        state = RoundState(row["state"])
        drafts = {
            int(a["user_id"]): self._draft(
                a, read=state is RoundState.REVEALED or a["user_id"] == viewer
            )
            for a in answers
        }
        members = _members(answers)
        rules = Round(
            members=members,
            opened_at=from_db_time(row["opened_at"]),
            state=state,
            drafts=MappingProxyType(drafts),
            reminded=frozenset(int(a["user_id"]) for a in answers if a["reminded_at"]),
            closed_at=None if row["closed_at"] is None else from_db_time(row["closed_at"]),
        )
        return StoredRound(int(row["id"]), int(row["pair_id"]), row["occurrence_key"], rules)

    def _draft(self, row: Row, *, read: bool) -> Draft:
        appreciations: Appreciations | None = None
        reflections: Reflections | None = None
        if row["appreciations_sealed"] is not None:
            appreciations = (
                Appreciations(tuple(json.loads(self._vault.unseal(row["appreciations_sealed"]))))
                if read
                else _UNREAD_APPRECIATIONS
            )
        if row["reflections_sealed"] is not None:
            reflections = (
                Reflections(*json.loads(self._vault.unseal(row["reflections_sealed"])))
                if read
                else _UNREAD_REFLECTIONS
            )
        return Draft(appreciations, reflections)


def _members(answers: Sequence[Row]) -> tuple[int, int]:
    """The round's two partners; one who deleted their data leaves a stand-in (0) behind."""
    ids = [int(a["user_id"]) for a in answers]
    while len(ids) < 2:
        ids.append(0)
    return (ids[0], ids[1])
