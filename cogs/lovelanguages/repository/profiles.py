"""The SQL of love languages: quiz progress and results, sharing and nudges.

Also the feature's data owner, for its notes too (their SQL is in :mod:`.notes`). Nothing
here touches discord.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.timing.clock import Clock
from cogs.lovelanguages.repository.notes import NoteStore, Pseudonym
from cogs.lovelanguages.scoring import Scores


@dataclass(frozen=True, slots=True)
class Progress:
    user_id: int
    relationship: str
    part: str
    answers: list[str]
    result_id: int | None


@dataclass(frozen=True, slots=True)
class Result:
    id: int
    user_id: int
    relationship: str
    receive: Scores
    give: Scores | None
    taken_at: datetime


@dataclass(frozen=True, slots=True)
class Answered:
    """What one quiz answer did: ``accepted`` is False for a stale screen's press (that item
    was answered already); ``scores`` is set when it was the part's last item."""

    progress: Progress
    accepted: bool
    scores: Scores | None = None


def _result(row: Row) -> Result:
    return Result(
        id=int(row["id"]),
        user_id=int(row["user_id"]),
        relationship=row["relationship"],
        receive=Scores(json.loads(row["receive"])),
        give=Scores(json.loads(row["give"])) if row["give"] else None,
        taken_at=from_db_time(row["taken_at"]),
    )


class LoveLanguageStore:
    data_name: str = "love languages"
    data_tables: tuple[str, ...] = (
        "ll_quiz_progress",
        "ll_results",
        "ll_shares",
        "ll_nudge_subscriptions",
        "ll_nudges_sent",
        "ll_notes",
        "ll_note_blocks",
        "ll_anonymous_sends",
    )

    def __init__(self, db: Database, clock: Clock, pseudonym: Pseudonym) -> None:
        self._db = db
        self._clock = clock
        self.notes = NoteStore(db, clock, pseudonym)

    def _now(self) -> str:
        return to_db_time(self._clock.now())

    # -- the quiz -----------------------------------------------------------------------

    async def progress(self, user_id: int) -> Progress | None:
        row = await self._db.fetch_one(
            "SELECT * FROM ll_quiz_progress WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return None
        return Progress(
            user_id,
            row["relationship"],
            row["part"],
            list(json.loads(row["answers"])),
            row["result_id"],
        )

    async def save_progress(self, progress: Progress) -> None:
        await self._db.execute(
            """
            INSERT INTO ll_quiz_progress (user_id, relationship, part, answers, result_id,
                                          updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET relationship = excluded.relationship,
                part = excluded.part, answers = excluded.answers,
                result_id = excluded.result_id, updated_at = excluded.updated_at
            """,
            (
                progress.user_id,
                progress.relationship,
                progress.part,
                json.dumps(progress.answers),
                progress.result_id,
                self._now(),
            ),
        )

    async def finish_receive(self, user_id: int, relationship: str, scores: Scores) -> int:
        """Part 1 is done: its result is saved and the progress row is gone, together."""
        async with self._db.transaction():
            row = await self._db.insert_returning(
                "INSERT INTO ll_results (user_id, relationship, receive, taken_at) "
                "VALUES (?, ?, ?, ?) RETURNING id",
                (user_id, relationship, json.dumps(dict(scores.points)), self._now()),
            )
            result_id = int(row[0])
            await self._db.execute("DELETE FROM ll_quiz_progress WHERE user_id = ?", (user_id,))
            return result_id

    async def finish_give(self, user_id: int, result_id: int, scores: Scores) -> None:
        async with self._db.transaction():
            await self._db.execute(
                "UPDATE ll_results SET give = ? WHERE id = ? AND user_id = ?",
                (json.dumps(dict(scores.points)), result_id, user_id),
            )
            await self._db.execute("DELETE FROM ll_quiz_progress WHERE user_id = ?", (user_id,))

    async def answer(
        self,
        user_id: int,
        part: str,
        index: int,
        language: str,
        *,
        total: int,
        scorer: Callable[[list[str]], Scores],
    ) -> Answered | None:
        """Record the answer to item ``index`` only if it is the one the quiz is at, and
        finish the part if it was the last, in one transaction: the same button pressed twice
        at once answers once, and a part is never scored twice. None if no quiz is open."""
        async with self._db.transaction():
            progress = await self.progress(user_id)
            if progress is None:
                return None
            if progress.part != part or len(progress.answers) != index:
                return Answered(progress, accepted=False)
            progress.answers.append(language)
            if len(progress.answers) < total:
                await self.save_progress(progress)
                return Answered(progress, accepted=True)
            scores = scorer(progress.answers)
            if progress.part == "receive":
                await self.finish_receive(user_id, progress.relationship, scores)
            elif progress.result_id is None:
                raise RuntimeError("part 2 progress without the result it completes")
            else:
                await self.finish_give(user_id, progress.result_id, scores)
            return Answered(progress, accepted=True, scores=scores)

    async def go_back(self, user_id: int, part: str, index: int) -> Progress | None:
        """Take back the answer before item ``index``, once, if the quiz is still there."""
        async with self._db.transaction():
            progress = await self.progress(user_id)
            if progress is None:
                return None
            if progress.part == part and len(progress.answers) == index and index > 0:
                progress.answers.pop()
                await self.save_progress(progress)
            return progress

    async def latest_result(self, user_id: int) -> Result | None:
        row = await self._db.fetch_one(
            "SELECT * FROM ll_results WHERE user_id = ? ORDER BY id DESC LIMIT 1", (user_id,)
        )
        return _result(row) if row else None

    async def result_count(self, user_id: int) -> int:
        value = await self._db.fetch_value(
            "SELECT COUNT(*) FROM ll_results WHERE user_id = ?", (user_id,)
        )
        return int(value or 0)

    # -- sharing ------------------------------------------------------------------------

    async def set_shared(self, user_id: int, guild_id: int, shared: bool) -> bool:
        """Returns whether anything changed."""
        if shared:
            changed = await self._db.execute(
                "INSERT INTO ll_shares (user_id, guild_id, shared_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (user_id, guild_id, self._now()),
            )
        else:
            changed = await self._db.execute(
                "DELETE FROM ll_shares WHERE user_id = ? AND guild_id = ?", (user_id, guild_id)
            )
        return changed > 0

    async def is_shared(self, user_id: int, guild_id: int) -> bool:
        row = await self._db.fetch_one(
            "SELECT 1 FROM ll_shares WHERE user_id = ? AND guild_id = ?", (user_id, guild_id)
        )
        return row is not None

    async def shared_results(self, guild_id: int) -> list[Result]:
        """The newest result of every member who shared with this server."""
        rows = await self._db.fetch_all(
            """
            SELECT r.* FROM ll_results r
              JOIN ll_shares s ON s.user_id = r.user_id AND s.guild_id = ?
             WHERE r.id = (SELECT MAX(id) FROM ll_results WHERE user_id = r.user_id)
             ORDER BY r.user_id
            """,
            (guild_id,),
        )
        return [_result(r) for r in rows]

    # -- nudges -------------------------------------------------------------------------

    async def subscribe(self, user_id: int, guild_id: int, on: bool) -> bool:
        if on:
            changed = await self._db.execute(
                "INSERT INTO ll_nudge_subscriptions (user_id, guild_id, since) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (user_id, guild_id, self._now()),
            )
        else:
            changed = await self._db.execute(
                "DELETE FROM ll_nudge_subscriptions WHERE user_id = ? AND guild_id = ?",
                (user_id, guild_id),
            )
        return changed > 0

    async def subscriptions_for(self, user_id: int) -> list[int]:
        rows = await self._db.fetch_all(
            "SELECT guild_id FROM ll_nudge_subscriptions WHERE user_id = ?", (user_id,)
        )
        return [int(r[0]) for r in rows]

    async def due_subscriptions(self, now: datetime, every: timedelta) -> list[tuple[int, int]]:
        """(user, guild) pairs whose last nudge there is at least ``every`` old (or none)."""
        rows = await self._db.fetch_all(
            """
            SELECT s.user_id, s.guild_id FROM ll_nudge_subscriptions s
             WHERE NOT EXISTS (
                   SELECT 1 FROM ll_nudges_sent n
                    WHERE n.user_id = s.user_id AND n.guild_id = s.guild_id AND n.sent_at > ?)
             ORDER BY s.user_id, s.guild_id
            """,
            (to_db_time(now - every),),
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def last_nudged_about(self, user_id: int, guild_id: int) -> dict[int, datetime]:
        rows = await self._db.fetch_all(
            "SELECT about_id, MAX(sent_at) AS last FROM ll_nudges_sent "
            "WHERE user_id = ? AND guild_id = ? GROUP BY about_id",
            (user_id, guild_id),
        )
        return {int(r["about_id"]): from_db_time(r["last"]) for r in rows}

    async def record_nudge(self, user_id: int, guild_id: int, about_id: int) -> None:
        await self._db.execute(
            "INSERT INTO ll_nudges_sent (user_id, guild_id, about_id, sent_at) VALUES (?, ?, ?, ?)",
            (user_id, guild_id, about_id, self._now()),
        )

    # -- data rights --------------------------------------------------------------------

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        results = await self._db.fetch_all(
            "SELECT * FROM ll_results WHERE user_id = ? ORDER BY id", (user_id,)
        )
        progress = await self.progress(user_id)
        shares = await self._db.fetch_all(
            "SELECT guild_id, shared_at FROM ll_shares WHERE user_id = ?", (user_id,)
        )
        subscriptions = await self.subscriptions_for(user_id)
        nudges = await self._db.fetch_all(
            "SELECT guild_id, about_id, sent_at FROM ll_nudges_sent WHERE user_id = ?",
            (user_id,),
        )
        return {
            "quiz_results": [
                {
                    "relationship": r["relationship"],
                    "receive": json.loads(r["receive"]),
                    "give": json.loads(r["give"]) if r["give"] else None,
                    "taken_at": r["taken_at"],
                }
                for r in results
            ],
            "unfinished_quiz": (
                {"part": progress.part, "answers": progress.answers} if progress else None
            ),
            "shared_in_servers": [str(r["guild_id"]) for r in shares],
            "nudges_in_servers": [str(g) for g in subscriptions],
            "nudges_received": [
                {"server": str(r["guild_id"]), "about": str(r["about_id"]), "at": r["sent_at"]}
                for r in nudges
            ],
            **await self.notes.export_member(user_id),
        }

    async def delete_member(self, user_id: int) -> list[PostRef]:
        for table in (
            "ll_quiz_progress",
            "ll_results",
            "ll_shares",
            "ll_nudge_subscriptions",
            "ll_nudges_sent",
        ):
            await self._db.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))  # noqa: S608 - fixed names
        await self._db.execute("DELETE FROM ll_nudges_sent WHERE about_id = ?", (user_id,))
        await self.notes.delete_member(user_id)
        return []

    async def delete_guild(self, guild_id: int) -> None:
        for table in ("ll_shares", "ll_nudge_subscriptions", "ll_nudges_sent"):
            await self._db.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))  # noqa: S608 - fixed names
        await self.notes.delete_guild(guild_id)
