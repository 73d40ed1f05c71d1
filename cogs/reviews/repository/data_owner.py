"""The relationship review's part of /mydata, and the notes owed when a partner deletes.

Export: the member's reviews (where, when, how often, whether invited or inviting) and every
round they were in, with their own answers. The partner's words are the partner's data: they
are in the partner's export, and /review history shows the revealed ones to the member.

Delete: the member's answers go, and the reveal messages that showed them to a partner; every
review of theirs stops and forgets their id. The partner is owed one note per review saying
only that the other's answers are no longer kept (how many rounds, since when): the note is
written in the same transaction as the deletion, so it is never lost and never sent for a
deletion that did not happen, and the cog sends it through :class:`GoneNotices`.

Leaving a server: the reviews that began there go with it (rounds and answers cascade).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.privacy.data_rights import PostRef
from bot.storage.database import Database, from_db_time, to_db_time
from bot.storage.vault import Vault
from bot.timing.clock import Clock


@dataclass(frozen=True, slots=True)
class GoneNotice:
    """What a partner is told: their reviews since ``since`` lost the other's answers."""

    id: int
    user_id: int
    since: datetime
    rounds: int


class GoneNotices:
    """The notes owed to partners, read by the cog, removed once delivered."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def pending(self) -> list[GoneNotice]:
        rows = await self._db.fetch_all("SELECT * FROM review_gone_notices ORDER BY id")
        return [
            GoneNotice(int(r["id"]), int(r["user_id"]), from_db_time(r["since"]), int(r["rounds"]))
            for r in rows
        ]

    async def delivered(self, notice_id: int) -> None:
        await self._db.execute("DELETE FROM review_gone_notices WHERE id = ?", (notice_id,))


class ReviewDataOwner:
    data_name: str = "relationship reviews"
    data_tables: tuple[str, ...] = (
        "review_pairs",
        "review_rounds",
        "review_answers",
        "review_gone_notices",
    )

    def __init__(self, db: Database, vault: Vault, clock: Clock) -> None:
        self._db = db
        self._vault = vault
        self._clock = clock

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        pairs = await self._db.fetch_all(
            "SELECT * FROM review_pairs WHERE inviter_id = ? OR partner_id = ? ORDER BY id",
            (user_id, user_id),
        )
        rounds = await self._db.fetch_all(
            """
            SELECT r.pair_id, r.state, r.opened_at, r.closed_at, a.*
              FROM review_answers a JOIN review_rounds r ON r.id = a.round_id
             WHERE a.user_id = ? ORDER BY r.id
            """,
            (user_id,),
        )
        notices = await self._db.fetch_all(
            "SELECT since, rounds FROM review_gone_notices WHERE user_id = ? ORDER BY id",
            (user_id,),
        )
        return {
            "reviews": [
                {
                    "review": r["id"],
                    "server": str(r["guild_id"]),
                    "you": "invited" if r["inviter_id"] == user_id else "were invited",
                    "status": r["status"],
                    "cadence": r["cadence"],
                    "weekday": r["weekday"],
                    "at": r["at"],
                    "timezone": r["timezone"],
                    "started": r["created_at"],
                }
                for r in pairs
            ],
            "rounds": [
                {
                    "review": r["pair_id"],
                    "opened": r["opened_at"],
                    "closed": r["closed_at"],
                    "outcome": r["state"],
                    "reminded": r["reminded_at"] is not None,
                    "your_answers": self._own_answers(
                        r["appreciations_sealed"], r["reflections_sealed"]
                    ),
                }
                for r in rounds
            ],
            "notes_waiting_for_you": [
                {"since": r["since"], "rounds": r["rounds"]} for r in notices
            ],
        }

    def _own_answers(self, appreciations: str | None, reflections: str | None) -> dict[str, Any]:
        shown: dict[str, Any] = {}
        if appreciations is not None:
            shown["appreciations"] = json.loads(self._vault.unseal(appreciations))
        if reflections is not None:
            went_well, to_work_on, cared_for = json.loads(self._vault.unseal(reflections))
            shown |= {"went_well": went_well, "to_work_on": to_work_on, "cared_for": cared_for}
        return shown

    async def delete_member(self, user_id: int) -> list[PostRef]:
        now = to_db_time(self._clock.now())
        shown = await self._db.fetch_all(
            "SELECT shown_channel_id, shown_message_id FROM review_answers "
            "WHERE user_id = ? AND shown_message_id IS NOT NULL "
            "UNION ALL SELECT own_channel_id, own_message_id FROM review_answers "
            "WHERE user_id = ? AND own_message_id IS NOT NULL",
            (user_id, user_id),
        )
        pairs = await self._db.fetch_all(
            "SELECT * FROM review_pairs WHERE inviter_id = ? OR partner_id = ?",
            (user_id, user_id),
        )
        for pair in pairs:
            other = pair["partner_id"] if pair["inviter_id"] == user_id else pair["inviter_id"]
            rounds = int(
                await self._db.fetch_value(
                    """
                    SELECT COUNT(*) FROM review_answers a
                      JOIN review_rounds r ON r.id = a.round_id
                     WHERE r.pair_id = ? AND a.user_id = ?
                       AND (a.appreciations_sealed IS NOT NULL OR a.reflections_sealed IS NOT NULL)
                    """,
                    (pair["id"], user_id),
                )
            )
            if other is not None and (rounds or pair["status"] != "stopped"):
                await self._db.execute(
                    "INSERT INTO review_gone_notices (user_id, since, rounds, created_at) "
                    "VALUES (?, ?, ?, ?)",
                    (other, pair["created_at"], rounds, now),
                )
            await self._db.execute(
                "UPDATE review_rounds SET state = 'stopped', closed_at = ? "
                "WHERE pair_id = ? AND state = 'open'",
                (now, pair["id"]),
            )
        await self._db.execute("DELETE FROM review_answers WHERE user_id = ?", (user_id,))
        await self._db.execute("DELETE FROM review_gone_notices WHERE user_id = ?", (user_id,))
        # A member who deletes their data is owed nothing any more.
        await self._db.execute(
            "UPDATE review_pairs SET stop_owed_to = NULL WHERE stop_owed_to = ?", (user_id,)
        )
        for column in ("inviter_id", "partner_id"):
            await self._db.execute(
                f"UPDATE review_pairs SET {column} = NULL, status = 'stopped', updated_at = ? "  # noqa: S608 - fixed names
                f"WHERE {column} = ?",
                (now, user_id),
            )
        await self._db.execute(
            "DELETE FROM review_pairs WHERE inviter_id IS NULL AND partner_id IS NULL"
        )
        return [PostRef(int(r[0]), int(r[1])) for r in shown]

    async def delete_guild(self, guild_id: int) -> None:
        await self._db.execute("DELETE FROM review_pairs WHERE guild_id = ?", (guild_id,))
