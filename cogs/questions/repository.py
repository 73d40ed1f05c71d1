"""The SQL of daily questions: schedules, channel state, posts, answers, ladder votes,
a server's own questions, suggestions and anonymity bars. Also the feature's data owner.

Answer and suggestion texts are sealed with the bot's vault. Nothing here touches discord.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.storage.vault import Vault
from bot.timing.clock import Clock
from bot.timing.recurrence import Recurrence
from cogs.questions.bank import Question
from cogs.questions.picker import Pick


@dataclass(frozen=True, slots=True)
class Schedule:
    channel_id: int
    guild_id: int
    at: time
    zone: ZoneInfo
    weekdays: frozenset[int]
    ping_role_id: int | None
    fixed_depth: int | None
    paused: bool
    active_since: datetime

    @property
    def rule(self) -> Recurrence:
        return Recurrence(self.at, self.weekdays, self.zone)

    @property
    def job_key(self) -> str:
        return f"questions:{self.channel_id}"


@dataclass(frozen=True, slots=True)
class ChannelState:
    channel_id: int
    guild_id: int
    ladder_level: int = 1
    cycle: int = 1
    posts: int = 0
    low_warned_cycle: int | None = None
    last_now_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    guild_id: int
    channel_id: int
    occurrence_key: str | None
    question_key: str
    question_text: str
    category: str
    depth: int
    number: int
    cycle: int
    scheduled: bool
    message_id: int | None
    thread_id: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Answer:
    id: int
    post_id: int
    user_id: int
    anonymous: bool
    text: str
    channel_id: int | None
    message_id: int | None


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: int
    guild_id: int
    user_id: int
    text: str
    category: str
    depth: int
    notify: bool


def _schedule(row: Row) -> Schedule:
    return Schedule(
        channel_id=int(row["channel_id"]),
        guild_id=int(row["guild_id"]),
        at=time.fromisoformat(row["at"]),
        zone=ZoneInfo(row["timezone"]),
        weekdays=frozenset(int(d) for d in str(row["weekdays"]).split(",")),
        ping_role_id=row["ping_role_id"],
        fixed_depth=row["fixed_depth"],
        paused=bool(row["paused"]),
        active_since=from_db_time(row["active_since"]),
    )


def _post(row: Row) -> Post:
    return Post(
        id=int(row["id"]),
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        occurrence_key=row["occurrence_key"],
        question_key=row["question_key"],
        question_text=row["question_text"],
        category=row["category"],
        depth=int(row["depth"]),
        number=int(row["number"]),
        cycle=int(row["cycle"]),
        scheduled=bool(row["scheduled"]),
        message_id=row["message_id"],
        thread_id=row["thread_id"],
        created_at=from_db_time(row["created_at"]),
    )


class QuestionStore:
    data_name: str = "daily questions"
    data_tables: tuple[str, ...] = (
        "question_schedules",
        "question_channels",
        "question_posts",
        "question_answers",
        "question_validations",
        "question_ladder_votes",
        "question_custom",
        "question_suggestions",
        "question_anonymous_bars",
    )

    def __init__(self, db: Database, vault: Vault, clock: Clock) -> None:
        self._db = db
        self._vault = vault
        self._clock = clock

    def _now(self) -> str:
        return to_db_time(self._clock.now())

    # -- schedules ----------------------------------------------------------------------

    async def save_schedule(self, schedule: Schedule) -> None:
        await self._db.execute(
            """
            INSERT INTO question_schedules (channel_id, guild_id, at, timezone, weekdays,
                ping_role_id, fixed_depth, paused, active_since, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (channel_id) DO UPDATE SET
                at = excluded.at, timezone = excluded.timezone, weekdays = excluded.weekdays,
                ping_role_id = excluded.ping_role_id, fixed_depth = excluded.fixed_depth,
                paused = excluded.paused, active_since = excluded.active_since,
                updated_at = excluded.updated_at
            """,
            (
                schedule.channel_id,
                schedule.guild_id,
                schedule.at.strftime("%H:%M"),
                schedule.zone.key,
                ",".join(str(d) for d in sorted(schedule.weekdays)),
                schedule.ping_role_id,
                schedule.fixed_depth,
                int(schedule.paused),
                to_db_time(schedule.active_since),
                self._now(),
            ),
        )

    async def schedule(self, channel_id: int) -> Schedule | None:
        row = await self._db.fetch_one(
            "SELECT * FROM question_schedules WHERE channel_id = ?", (channel_id,)
        )
        return _schedule(row) if row else None

    async def schedules(self, guild_id: int | None = None) -> list[Schedule]:
        if guild_id is None:
            rows = await self._db.fetch_all("SELECT * FROM question_schedules ORDER BY channel_id")
        else:
            rows = await self._db.fetch_all(
                "SELECT * FROM question_schedules WHERE guild_id = ? ORDER BY channel_id",
                (guild_id,),
            )
        return [_schedule(r) for r in rows]

    async def set_paused(self, channel_id: int, paused: bool, active_since: datetime) -> None:
        await self._db.execute(
            "UPDATE question_schedules SET paused = ?, active_since = ?, updated_at = ? "
            "WHERE channel_id = ?",
            (int(paused), to_db_time(active_since), self._now(), channel_id),
        )

    async def delete_schedule(self, channel_id: int) -> bool:
        changed = await self._db.execute(
            "DELETE FROM question_schedules WHERE channel_id = ?", (channel_id,)
        )
        return changed > 0

    # -- channel state ------------------------------------------------------------------

    async def channel(self, channel_id: int, guild_id: int) -> ChannelState:
        row = await self._db.fetch_one(
            "SELECT * FROM question_channels WHERE channel_id = ?", (channel_id,)
        )
        if row is None:
            return ChannelState(channel_id, guild_id)
        return ChannelState(
            channel_id=channel_id,
            guild_id=int(row["guild_id"]),
            ladder_level=int(row["ladder_level"]),
            cycle=int(row["cycle"]),
            posts=int(row["posts"]),
            low_warned_cycle=row["low_warned_cycle"],
            last_now_at=from_db_time(row["last_now_at"]) if row["last_now_at"] else None,
        )

    async def asked_in_cycle(self, channel_id: int, cycle: int) -> set[str]:
        rows = await self._db.fetch_all(
            "SELECT question_key FROM question_posts WHERE channel_id = ? AND cycle = ?",
            (channel_id, cycle),
        )
        return {str(r[0]) for r in rows}

    async def set_level(self, channel_id: int, guild_id: int, level: int) -> None:
        """A new ladder level; the ready votes start again."""
        async with self._db.transaction():
            await self._ensure_channel(channel_id, guild_id)
            await self._db.execute(
                "UPDATE question_channels SET ladder_level = ? WHERE channel_id = ?",
                (level, channel_id),
            )
            await self._db.execute(
                "DELETE FROM question_ladder_votes WHERE channel_id = ?", (channel_id,)
            )

    async def mark_low_warned(self, channel_id: int, cycle: int) -> bool:
        """True the first time in a cycle (so admins are told once)."""
        changed = await self._db.execute(
            "UPDATE question_channels SET low_warned_cycle = ? "
            "WHERE channel_id = ? AND low_warned_cycle IS NOT ?",
            (cycle, channel_id, cycle),
        )
        return changed > 0

    async def claim_now_slot(
        self, channel_id: int, guild_id: int, cooldown_start: datetime
    ) -> bool:
        """Take the channel's /question now slot unless one was taken after ``cooldown_start``."""
        async with self._db.transaction():
            await self._ensure_channel(channel_id, guild_id)
            changed = await self._db.execute(
                "UPDATE question_channels SET last_now_at = ? WHERE channel_id = ? "
                "AND (last_now_at IS NULL OR last_now_at <= ?)",
                (self._now(), channel_id, to_db_time(cooldown_start)),
            )
            return changed > 0

    async def release_now_slot(self, channel_id: int) -> None:
        await self._db.execute(
            "UPDATE question_channels SET last_now_at = NULL WHERE channel_id = ?", (channel_id,)
        )

    async def _ensure_channel(self, channel_id: int, guild_id: int) -> None:
        await self._db.execute(
            "INSERT INTO question_channels (channel_id, guild_id) VALUES (?, ?) "
            "ON CONFLICT (channel_id) DO NOTHING",
            (channel_id, guild_id),
        )

    # -- posts --------------------------------------------------------------------------

    async def post_for_occurrence(self, channel_id: int, occurrence_key: str) -> Post | None:
        row = await self._db.fetch_one(
            "SELECT * FROM question_posts WHERE channel_id = ? AND occurrence_key = ?",
            (channel_id, occurrence_key),
        )
        return _post(row) if row else None

    async def create_post(
        self,
        channel_id: int,
        guild_id: int,
        pick: Pick,
        *,
        occurrence_key: str | None,
    ) -> Post:
        """Record the post before it is sent: its number, and the cycle it belongs to."""
        question = pick.question
        async with self._db.transaction():
            await self._ensure_channel(channel_id, guild_id)
            await self._db.execute(
                "UPDATE question_channels SET posts = posts + 1, cycle = MAX(cycle, ?) "
                "WHERE channel_id = ?",
                (pick.cycle, channel_id),
            )
            row = await self._db.insert_returning(
                """
                INSERT INTO question_posts (guild_id, channel_id, occurrence_key, question_key,
                    question_text, category, depth, number, cycle, scheduled, created_at)
                SELECT ?, ?, ?, ?, ?, ?, ?, posts, ?, ?, ? FROM question_channels
                 WHERE channel_id = ?
                RETURNING *
                """,
                (
                    guild_id,
                    channel_id,
                    occurrence_key,
                    question.key,
                    question.text,
                    question.category,
                    question.depth,
                    pick.cycle,
                    int(occurrence_key is not None),
                    self._now(),
                    channel_id,
                ),
            )
            return _post(row)

    async def set_post_message(self, post_id: int, message_id: int, thread_id: int | None) -> None:
        await self._db.execute(
            "UPDATE question_posts SET message_id = ?, thread_id = COALESCE(?, thread_id) "
            "WHERE id = ?",
            (message_id, thread_id, post_id),
        )

    async def delete_post(self, post_id: int) -> None:
        """Forget a post that never reached Discord (its number is not reused)."""
        await self._db.execute("DELETE FROM question_posts WHERE id = ?", (post_id,))

    async def post(self, post_id: int) -> Post | None:
        row = await self._db.fetch_one("SELECT * FROM question_posts WHERE id = ?", (post_id,))
        return _post(row) if row else None

    async def latest_post(self, channel_id: int) -> Post | None:
        row = await self._db.fetch_one(
            "SELECT * FROM question_posts WHERE channel_id = ? AND message_id IS NOT NULL "
            "ORDER BY id DESC LIMIT 1",
            (channel_id,),
        )
        return _post(row) if row else None

    # -- answers ------------------------------------------------------------------------

    def _answer(self, row: Row) -> Answer:
        return Answer(
            id=int(row["id"]),
            post_id=int(row["post_id"]),
            user_id=int(row["user_id"]),
            anonymous=bool(row["anonymous"]),
            text=self._vault.unseal(row["text_sealed"]),
            channel_id=row["channel_id"],
            message_id=row["message_id"],
        )

    async def answer_of(self, post_id: int, user_id: int) -> Answer | None:
        row = await self._db.fetch_one(
            "SELECT * FROM question_answers WHERE post_id = ? AND user_id = ?", (post_id, user_id)
        )
        return self._answer(row) if row else None

    async def answer(self, answer_id: int) -> Answer | None:
        row = await self._db.fetch_one("SELECT * FROM question_answers WHERE id = ?", (answer_id,))
        return self._answer(row) if row else None

    async def add_answer(
        self, post_id: int, user_id: int, text: str, *, anonymous: bool
    ) -> int | None:
        """The new answer's id, or None if this member already answered this post."""
        async with self._db.transaction():
            rows = await self._db.fetch_all(
                """
                INSERT INTO question_answers (post_id, user_id, anonymous, text_sealed, created_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (post_id, user_id) DO NOTHING
                RETURNING id
                """,
                (post_id, user_id, int(anonymous), self._vault.seal(text), self._now()),
            )
            return int(rows[0][0]) if rows else None

    async def set_answer_message(self, answer_id: int, channel_id: int, message_id: int) -> None:
        await self._db.execute(
            "UPDATE question_answers SET channel_id = ?, message_id = ? WHERE id = ?",
            (channel_id, message_id, answer_id),
        )

    async def edit_answer(self, answer_id: int, text: str) -> None:
        await self._db.execute(
            "UPDATE question_answers SET text_sealed = ?, edited_at = ? WHERE id = ?",
            (self._vault.seal(text), self._now(), answer_id),
        )

    async def delete_answer(self, answer_id: int) -> None:
        await self._db.execute("DELETE FROM question_answers WHERE id = ?", (answer_id,))

    async def validate(self, answer_id: int, user_id: int) -> tuple[bool, int]:
        """Add one member's "that makes sense"; (whether it was new, the count)."""
        async with self._db.transaction():
            added = await self._db.execute(
                "INSERT INTO question_validations (answer_id, user_id, created_at) "
                "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (answer_id, user_id, self._now()),
            )
            return added > 0, await self.validations(answer_id)

    async def validations(self, answer_id: int) -> int:
        row = await self._db.fetch_one(
            "SELECT COUNT(*) FROM question_validations WHERE answer_id = ?", (answer_id,)
        )
        return int(row[0]) if row else 0

    # -- ladder -------------------------------------------------------------------------

    async def vote_ready(self, channel_id: int, guild_id: int, user_id: int) -> int:
        """Record a "ready to go deeper" press; returns how many distinct members pressed."""
        async with self._db.transaction():
            await self._ensure_channel(channel_id, guild_id)
            await self._db.execute(
                "INSERT INTO question_ladder_votes (channel_id, user_id, created_at) "
                "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (channel_id, user_id, self._now()),
            )
            return int(
                await self._db.fetch_value(
                    "SELECT COUNT(*) FROM question_ladder_votes WHERE channel_id = ?",
                    (channel_id,),
                )
            )

    async def recent_participants(self, channel_id: int, since: datetime) -> int:
        """Distinct members who answered here since ``since`` or pressed "ready"."""
        row = await self._db.fetch_one(
            """
            SELECT COUNT(*) FROM (
                SELECT a.user_id FROM question_answers a
                  JOIN question_posts p ON p.id = a.post_id
                 WHERE p.channel_id = ? AND a.created_at >= ?
                UNION
                SELECT user_id FROM question_ladder_votes WHERE channel_id = ?
            )
            """,
            (channel_id, to_db_time(since), channel_id),
        )
        return int(row[0]) if row else 0

    # -- a server's own questions and suggestions ---------------------------------------

    async def custom_questions(self, guild_id: int) -> list[Question]:
        rows = await self._db.fetch_all(
            "SELECT id, text, category, depth FROM question_custom "
            "WHERE guild_id = ? AND removed = 0 ORDER BY id",
            (guild_id,),
        )
        return [
            Question(f"custom:{r['id']}", r["text"], r["category"], int(r["depth"])) for r in rows
        ]

    async def add_custom(
        self, guild_id: int, text: str, category: str, depth: int, suggested_by: int | None
    ) -> int:
        row = await self._db.insert_returning(
            "INSERT INTO question_custom (guild_id, text, category, depth, suggested_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (guild_id, text, category, depth, suggested_by, self._now()),
        )
        return int(row[0])

    async def remove_custom(self, guild_id: int, custom_id: int) -> bool:
        """Kept (posts remember what they asked), but never offered again."""
        changed = await self._db.execute(
            "UPDATE question_custom SET removed = 1 WHERE guild_id = ? AND id = ? AND removed = 0",
            (guild_id, custom_id),
        )
        return changed > 0

    async def add_suggestion(
        self, guild_id: int, user_id: int, text: str, category: str, depth: int, notify: bool
    ) -> int:
        row = await self._db.insert_returning(
            "INSERT INTO question_suggestions (guild_id, user_id, text_sealed, category, "
            "depth, notify, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                guild_id,
                user_id,
                self._vault.seal(text),
                category,
                depth,
                int(notify),
                self._now(),
            ),
        )
        return int(row[0])

    async def pending_suggestions(
        self, guild_id: int, user_id: int | None = None
    ) -> list[Suggestion]:
        if user_id is None:
            rows = await self._db.fetch_all(
                "SELECT * FROM question_suggestions WHERE guild_id = ? ORDER BY id", (guild_id,)
            )
        else:
            rows = await self._db.fetch_all(
                "SELECT * FROM question_suggestions WHERE guild_id = ? AND user_id = ? ORDER BY id",
                (guild_id, user_id),
            )
        return [
            Suggestion(
                id=int(r["id"]),
                guild_id=int(r["guild_id"]),
                user_id=int(r["user_id"]),
                text=self._vault.unseal(r["text_sealed"]),
                category=r["category"],
                depth=int(r["depth"]),
                notify=bool(r["notify"]),
            )
            for r in rows
        ]

    async def take_suggestion(self, guild_id: int, suggestion_id: int) -> bool:
        """Remove a suggestion from the queue; False if another admin already decided it."""
        changed = await self._db.execute(
            "DELETE FROM question_suggestions WHERE guild_id = ? AND id = ?",
            (guild_id, suggestion_id),
        )
        return changed > 0

    # -- anonymity bars -----------------------------------------------------------------

    async def bar_anonymous(self, guild_id: int, user_id: int) -> None:
        await self._db.execute(
            "INSERT INTO question_anonymous_bars (guild_id, user_id, barred_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (guild_id, user_id, self._now()),
        )

    async def is_barred(self, guild_id: int, user_id: int) -> bool:
        row = await self._db.fetch_one(
            "SELECT 1 FROM question_anonymous_bars WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        return row is not None

    # -- data rights --------------------------------------------------------------------

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        answers = await self._db.fetch_all(
            """
            SELECT a.*, p.question_text, p.guild_id FROM question_answers a
              JOIN question_posts p ON p.id = a.post_id
             WHERE a.user_id = ? ORDER BY a.id
            """,
            (user_id,),
        )
        suggestions = await self._db.fetch_all(
            "SELECT * FROM question_suggestions WHERE user_id = ? ORDER BY id", (user_id,)
        )
        validated = await self._db.fetch_one(
            "SELECT COUNT(*) FROM question_validations WHERE user_id = ?", (user_id,)
        )
        votes = await self._db.fetch_all(
            "SELECT channel_id, created_at FROM question_ladder_votes WHERE user_id = ?",
            (user_id,),
        )
        suggested = await self._db.fetch_all(
            "SELECT text, created_at FROM question_custom WHERE suggested_by = ?", (user_id,)
        )
        bars = await self._db.fetch_all(
            "SELECT guild_id, barred_at FROM question_anonymous_bars WHERE user_id = ?",
            (user_id,),
        )
        return {
            "answers": [
                {
                    "question": r["question_text"],
                    "answer": self._vault.unseal(r["text_sealed"]),
                    "anonymous": bool(r["anonymous"]),
                    "server": str(r["guild_id"]),
                    "answered_at": r["created_at"],
                    "edited_at": r["edited_at"],
                }
                for r in answers
            ],
            "answers_you_said_make_sense": int(validated[0]) if validated else 0,
            "ready_to_go_deeper_presses": [
                {"channel": str(r["channel_id"]), "at": r["created_at"]} for r in votes
            ],
            "pending_suggestions": [
                {
                    "text": self._vault.unseal(r["text_sealed"]),
                    "category": r["category"],
                    "depth": r["depth"],
                    "tell_me_the_outcome": bool(r["notify"]),
                    "suggested_at": r["created_at"],
                }
                for r in suggestions
            ],
            "approved_suggestions": [
                {"text": r["text"], "added_at": r["created_at"]} for r in suggested
            ],
            "barred_from_anonymous_answers_in": [str(r["guild_id"]) for r in bars],
        }

    async def delete_member(self, user_id: int) -> list[PostRef]:
        rows = await self._db.fetch_all(
            "SELECT channel_id, message_id FROM question_answers "
            "WHERE user_id = ? AND message_id IS NOT NULL",
            (user_id,),
        )
        posts = [PostRef(int(r[0]), int(r[1])) for r in rows]
        for table in (
            "question_answers",
            "question_validations",
            "question_ladder_votes",
            "question_suggestions",
            "question_anonymous_bars",
        ):
            await self._db.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))  # noqa: S608 - fixed names
        # An approved suggestion is the server's question now; only the link to them goes.
        await self._db.execute(
            "UPDATE question_custom SET suggested_by = NULL WHERE suggested_by = ?", (user_id,)
        )
        return posts

    async def delete_guild(self, guild_id: int) -> None:
        await self._db.execute(
            "DELETE FROM question_ladder_votes WHERE channel_id IN "
            "(SELECT channel_id FROM question_channels WHERE guild_id = ?)",
            (guild_id,),
        )
        for table in (
            "question_posts",  # answers and their validations go with their posts
            "question_schedules",
            "question_channels",
            "question_custom",
            "question_suggestions",
            "question_anonymous_bars",
        ):
            await self._db.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))  # noqa: S608 - fixed names
