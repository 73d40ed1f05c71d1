"""The SQL behind "exactly one post per occurrence": the ``occurrences`` claim table.

A row keyed by (job, local date) is the right to send that occurrence: only the process
whose insert created it may send, so two processes on one database can race and only one
wins. The row then carries a lease (after it, another process may take the claim over),
the attempts made, and how it ended: sent, skipped or failed.

Every change is one statement, hence one transaction. The ``*_many`` forms do the same for a
whole batch in one transaction, so ten thousand members due at once cost a few round trips
per batch rather than several per member.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.outbound.engine import RetryPolicy
from bot.storage.database import Database, from_db_time, to_db_time
from bot.timing.recurrence import Occurrence

#: Rows per multi-row INSERT: well under SQLite's limit of bound parameters.
_CHUNK = 500

#: (job key, occurrence key): one occurrence of one job.
OccurrenceId = tuple[str, str]

_CLAIM_COLUMNS = (
    "job_key, occurrence_key, fires_at, state, owner, lease_until, attempts, updated_at"
)
_CLAIM_ROW = "(?, ?, ?, 'claimed', ?, ?, 1, ?)"
_SKIP_COLUMNS = "job_key, occurrence_key, fires_at, state, detail, updated_at"
_SKIP_ROW = "(?, ?, ?, 'skipped', ?, ?)"
_FINISH = """
    UPDATE occurrences SET state = ?, detail = ?, lease_until = NULL, updated_at = ?
     WHERE job_key = ? AND occurrence_key = ? AND owner = ?
"""


def _insert_new(columns: str, row: str, count: int, *, returning: bool = True) -> str:
    """A multi-row insert of occurrences nobody has a row for yet, optionally returning the
    ones it created. Only the fixed column lists and placeholder rows above go into it."""
    values = ", ".join([row] * count)
    return (
        f"INSERT INTO occurrences ({columns}) VALUES {values} "  # noqa: S608 - placeholders only
        "ON CONFLICT (job_key, occurrence_key) DO NOTHING"
        + (" RETURNING job_key, occurrence_key" if returning else "")
    )


class OccurrenceStore:
    """Claims, take-overs and records of occurrences."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(
        self, job_key: str, occurrence: Occurrence, owner: str, now: datetime, lease: timedelta
    ) -> bool:
        changed = await self._db.execute(
            _insert_new(_CLAIM_COLUMNS, _CLAIM_ROW, 1, returning=False),
            (
                job_key,
                occurrence.key,
                to_db_time(occurrence.fires_at),
                owner,
                to_db_time(now + lease),
                to_db_time(now),
            ),
        )
        return changed == 1

    async def claim_many(
        self,
        wanted: Sequence[tuple[str, Occurrence]],
        owner: str,
        now: datetime,
        lease: timedelta,
    ) -> set[OccurrenceId]:
        """Claim every occurrence nobody has claimed yet; returns the ones this call won."""
        lease_until, updated = to_db_time(now + lease), to_db_time(now)
        return await self._insert_new_rows(
            _CLAIM_COLUMNS,
            _CLAIM_ROW,
            [
                (job_key, o.key, to_db_time(o.fires_at), owner, lease_until, updated)
                for job_key, o in wanted
            ],
        )

    async def _insert_new_rows(
        self, columns: str, row: str, values: Sequence[tuple[object, ...]]
    ) -> set[OccurrenceId]:
        """Insert occurrences nobody has a row for yet, in chunks, in one transaction;
        returns the ones this call created."""
        created: set[OccurrenceId] = set()
        async with self._db.transaction():
            for start in range(0, len(values), _CHUNK):
                chunk = values[start : start + _CHUNK]
                rows = await self._db.fetch_all(
                    _insert_new(columns, row, len(chunk)),
                    [value for one in chunk for value in one],
                )
                created.update((str(r[0]), str(r[1])) for r in rows)
        return created

    async def take_over(
        self, job_key: str, occurrence_key: str, owner: str, now: datetime, lease: timedelta
    ) -> bool:
        """Take a claim whose lease ran out (its holder died or asked for a retry)."""
        changed = await self._db.execute(
            """
            UPDATE occurrences
               SET owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
             WHERE job_key = ? AND occurrence_key = ? AND state = 'claimed' AND lease_until <= ?
            """,
            (
                owner,
                to_db_time(now + lease),
                to_db_time(now),
                job_key,
                occurrence_key,
                to_db_time(now),
            ),
        )
        return changed == 1

    async def finish(
        self,
        job_key: str,
        occurrence_key: str,
        owner: str,
        state: str,
        now: datetime,
        detail: str | None = None,
    ) -> None:
        await self._db.execute(
            _FINISH, (state, detail, to_db_time(now), job_key, occurrence_key, owner)
        )

    async def finish_many(
        self,
        done: Sequence[OccurrenceId],
        owner: str,
        state: str,
        now: datetime,
        detail: str | None = None,
    ) -> None:
        """Record how claims this owner holds ended (a claim taken over is left alone)."""
        if not done:
            return
        await self._db.execute_many(
            _FINISH,
            [(state, detail, to_db_time(now), job, key, owner) for job, key in done],
        )

    async def retry_later(
        self, job_key: str, occurrence_key: str, owner: str, policy: RetryPolicy, now: datetime
    ) -> int:
        """Give a failed claim back until the policy's back-off has passed (the sweep then
        retries it); returns the attempts made so far."""
        async with self._db.transaction():
            attempts = int(
                await self._db.fetch_value(
                    "SELECT attempts FROM occurrences WHERE job_key = ? AND occurrence_key = ?",
                    (job_key, occurrence_key),
                )
                or 0
            )
            await self._db.execute(
                """
                UPDATE occurrences SET lease_until = ?, updated_at = ?
                 WHERE job_key = ? AND occurrence_key = ? AND owner = ? AND state = 'claimed'
                """,
                (
                    to_db_time(policy.retry_at(now, attempts)),
                    to_db_time(now),
                    job_key,
                    occurrence_key,
                    owner,
                ),
            )
        return attempts

    async def record_skip(
        self, job_key: str, occurrence: Occurrence, now: datetime, detail: str
    ) -> bool:
        changed = await self._db.execute(
            _insert_new(_SKIP_COLUMNS, _SKIP_ROW, 1, returning=False),
            (job_key, occurrence.key, to_db_time(occurrence.fires_at), detail, to_db_time(now)),
        )
        return changed == 1

    async def record_skips(
        self, skipped: Sequence[tuple[str, Occurrence]], now: datetime, detail: str
    ) -> set[OccurrenceId]:
        """Mark occurrences skipped unless someone already dealt with them; returns the
        ones this call marked."""
        updated = to_db_time(now)
        return await self._insert_new_rows(
            _SKIP_COLUMNS,
            _SKIP_ROW,
            [(job_key, o.key, to_db_time(o.fires_at), detail, updated) for job_key, o in skipped],
        )

    async def latest_fires_at(self, job_key: str) -> datetime | None:
        latest = await self._db.fetch_value(
            "SELECT MAX(fires_at) FROM occurrences WHERE job_key = ?", (job_key,)
        )
        return from_db_time(latest) if latest else None

    async def state_of(self, job_key: str, occurrence_key: str) -> str | None:
        state = await self._db.fetch_value(
            "SELECT state FROM occurrences WHERE job_key = ? AND occurrence_key = ?",
            (job_key, occurrence_key),
        )
        return str(state) if state is not None else None

    async def expired_claims(self, now: datetime) -> list[tuple[str, str, datetime]]:
        rows = await self._db.fetch_all(
            """
            SELECT job_key, occurrence_key, fires_at FROM occurrences
             WHERE state = 'claimed' AND lease_until <= ?
             ORDER BY fires_at
            """,
            (to_db_time(now),),
        )
        return [(r["job_key"], r["occurrence_key"], from_db_time(r["fires_at"])) for r in rows]
