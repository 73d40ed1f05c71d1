"""The one way Kindred sends anything privately.

Features never call ``user.send``: they hand a :class:`Letter` to ``bot.delivery.send``.
The letter is judged against the recipient's boundaries (:func:`bot.privacy.boundary_rules.judge`):
no consent to that kind of DM, closed DMs, too deep, a topic turned off or the weekly
limit reached, and it is refused there and then. Otherwise it is stored (sealed) in
``deliveries`` and sent when due: at once, or when the member's quiet hours end, even if
the bot restarted in between. A member's pause (see :class:`Boundaries`) holds letters the
same way, until it ends: none is dropped for it, and :meth:`Delivery.release_held` makes
them due at once when the member resumes early.

Sending is planned work of the outbound engine (:mod:`bot.outbound.engine`), like scheduled
posts: one timer, set to the earliest due letter (or expired claim) in ``deliveries``, and
woken at once by :meth:`Delivery.send` and by a clock jump. It uses the engine's retry
policy: claim with a lease (a restarted process takes over the claims of one that died),
back off after a transient failure, give up after the last attempt; and the engine's
shutdown lets a letter being sent finish before the connection closes.

Each letter is judged again just before it goes out, so a boundary tightened while a
letter waited still holds. It is sent through the pacer with a nonce kept in its row, so a
resend after a crash lands once. A 403 with code 50007 (closed DMs) marks the member
unreachable, drops their waiting letters, and tells them the next time they use a command.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import discord

from bot.app.content import Messages
from bot.interactions.embed_limits import fit
from bot.outbound.engine import OutboundEngine
from bot.outbound.letter_records import LetterRecords
from bot.outbound.letters import Letter, LetterButton, Outcome, build_view
from bot.outbound.notices import Notices
from bot.outbound.pacer import Pacer, Target, TargetUnavailable
from bot.privacy.boundary_rules import WEEK, Refusal, Verdict, judge
from bot.privacy.member_store import MemberStore
from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.storage.vault import Vault
from bot.timing.clock import Clock

__all__ = ["Delivery", "Letter", "LetterButton", "Outcome"]

log = logging.getLogger(__name__)

WORK_KEY = "delivery"
# Another process sharing the database may queue letters without waking this one.
POLL = timedelta(seconds=60)
BATCH = 50

# A member's DMs in the last seven days: sent, or waiting to be (held ones count too).
_WEEK_COUNT = """
    SELECT COUNT(*) FROM deliveries
     WHERE user_id = ? AND id IS NOT ?
       AND asked_for = 0
       AND (state IN ('waiting', 'sending') OR (state = 'sent' AND finished_at > ?))
"""


def _week_params(user_id: int, now: datetime, excluding: int | None) -> tuple[Any, ...]:
    return (user_id, excluding, to_db_time(now - WEEK))


class Delivery(LetterRecords):
    """Judges, stores and sends private messages; the data owner of ``deliveries``."""

    def __init__(
        self,
        client: discord.Client,
        db: Database,
        *,
        engine: OutboundEngine,
        vault: Vault,
        clock: Clock,
        pacer: Pacer,
        members: MemberStore,
        notices: Notices,
        messages: Messages,
    ) -> None:
        self._client = client
        self._db = db
        self._vault = vault
        self._clock = clock
        self._pacer = pacer
        self._members = members
        self._notices = notices
        self._messages = messages
        self._engine = engine
        self._kinds: dict[str, str] = {}
        engine.plan(WORK_KEY, self._deliver_then_wait, max_wait=POLL)

    # -- what features call -------------------------------------------------------------

    def register_kind(self, kind: str, label: str) -> None:
        """Name a kind of DM for people (shown to members among the DMs they asked for)."""
        self._kinds[kind] = label

    def label_of(self, kind: str) -> str:
        return self._kinds.get(kind, kind)

    async def send(self, letter: Letter) -> Outcome:
        """Judge the letter now and queue it if the member's boundaries allow it."""
        boundaries = await self._members.get(letter.user_id)
        now = self._clock.now()
        async with self._db.transaction():
            if letter.dedupe_key is not None and await self._db.fetch_one(
                "SELECT 1 FROM deliveries WHERE user_id = ? AND dedupe_key = ?",
                (letter.user_id, letter.dedupe_key),
            ):
                return Outcome(duplicate=True)  # already queued or sent: not a refusal
            verdict = judge(
                boundaries,
                kind=letter.kind,
                depth=letter.depth,
                topic=letter.topic,
                sent_this_week=await self._count_week(letter.user_id, now),
                now=now,
                asked_for=letter.asked_for,
                expires_at=letter.expires_at,
            )
            if verdict.refusal is not None:
                return Outcome(refusal=verdict.refusal)
            due = max(d for d in (now, verdict.send_at, letter.not_before) if d is not None)
            if letter.expires_at is not None and due >= letter.expires_at:
                return Outcome(refusal=Refusal.TOO_LATE)
            inserted = await self._db.fetch_all(
                """
                INSERT INTO deliveries (user_id, kind, guild_id, dedupe_key, depth, topic,
                                        payload_sealed, state, due_at, nonce, created_at,
                                        asked_for, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                RETURNING id
                """,
                (
                    letter.user_id,
                    letter.kind,
                    letter.guild_id,
                    letter.dedupe_key,
                    letter.depth,
                    letter.topic,
                    self._vault.seal(json.dumps(letter.payload())),
                    to_db_time(due),
                    secrets.token_hex(12),
                    to_db_time(now),
                    int(letter.asked_for),
                    to_db_time(letter.expires_at) if letter.expires_at else None,
                ),
            )
            if not inserted:
                return Outcome(duplicate=True)
            await self._remember_about(int(inserted[0]["id"]), letter.about)
        self._engine.wake(WORK_KEY)
        return Outcome(due_at=due, held=due > now)

    async def try_reaching(self, user_id: int, text: str) -> bool:
        """Send one DM now because the member asked for it (a "try my DMs" button), and
        mark them reachable again only if it arrives. Not a letter: nothing is queued."""
        try:
            await self._pacer.send(
                Target.user(user_id), lambda: self._send_dm(user_id, {"content": text}, None)
            )
        except TargetUnavailable:
            return False
        await self._members.mark_reachable(user_id)
        return True

    async def release_held(self, user_id: int, held_until: datetime) -> int:
        """The member ended their pause early: letters it held (due by its planned end)
        are due now, judged again as they go (quiet hours still hold them). Returns how
        many were waiting."""
        now = to_db_time(self._clock.now())
        released = await self._db.execute(
            "UPDATE deliveries SET due_at = ? "
            "WHERE user_id = ? AND state = 'waiting' AND due_at > ? AND due_at <= ?",
            (now, user_id, now, to_db_time(held_until)),
        )
        if released:
            self._engine.wake(WORK_KEY)
        return released

    async def pending_for(self, user_id: int) -> int:
        value = await self._db.fetch_value(
            "SELECT COUNT(*) FROM deliveries WHERE user_id = ? AND state IN ('waiting', 'sending')",
            (user_id,),
        )
        return int(value or 0)

    # -- sending (the engine's planned work) --------------------------------------------

    async def _deliver_then_wait(self) -> datetime | None:
        """Send everything due, a batch at a time; when the next letter (or claim) is due."""
        while await self.deliver_due() == BATCH and self._engine.active:
            pass
        return await self._next_due()

    async def _next_due(self) -> datetime | None:
        row = await self._db.fetch_one(
            """
            SELECT MIN(CASE state WHEN 'waiting' THEN due_at ELSE lease_until END) AS next
              FROM deliveries WHERE state IN ('waiting', 'sending')
            """
        )
        return from_db_time(row["next"]) if row and row["next"] else None

    async def deliver_due(self) -> int:
        """Claim every letter that is due (or whose sender died) and send it; returns how
        many were claimed."""
        now = self._clock.now()
        async with self._db.transaction():
            rows = await self._db.fetch_all(
                """
                UPDATE deliveries
                   SET state = 'sending', lease_until = ?, attempts = attempts + 1
                 WHERE id IN (
                       SELECT id FROM deliveries
                        WHERE (state = 'waiting' AND due_at <= ?)
                           OR (state = 'sending' AND lease_until <= ?)
                        ORDER BY due_at LIMIT ?)
                RETURNING *
                """,
                (
                    to_db_time(now + self._engine.policy.lease),
                    to_db_time(now),
                    to_db_time(now),
                    BATCH,
                ),
            )
        rows.sort(key=lambda r: str(r["due_at"]))
        for index, row in enumerate(rows):
            if self._engine.stopping:
                await self._release(rows[index:])
                break
            await self._deliver(row)
        return len(rows)

    async def _release(self, rows: Sequence[Row]) -> None:
        """Shutting down: give back claims not yet tried, so the next start sends them at
        once instead of waiting out their lease."""
        await self._db.execute_many(
            "UPDATE deliveries SET state = 'waiting', lease_until = NULL, "
            "attempts = attempts - 1 WHERE id = ? AND state = 'sending'",
            [(row["id"],) for row in rows],
        )

    async def _deliver(self, row: Row) -> None:
        user_id = int(row["user_id"])
        now = self._clock.now()
        boundaries = await self._members.get(user_id)
        sent_this_week = await self._count_week(user_id, now, excluding=row["id"])
        verdict: Verdict = judge(
            boundaries,
            kind=row["kind"],
            depth=row["depth"],
            topic=row["topic"],
            sent_this_week=sent_this_week,
            now=now,
            asked_for=bool(row["asked_for"]),
            expires_at=from_db_time(row["expires_at"]) if row["expires_at"] else None,
        )
        if verdict.refusal is not None:
            await self._finish(row["id"], "dropped", detail=verdict.refusal.value)
            return
        if verdict.send_at is not None:
            await self._db.execute(
                "UPDATE deliveries SET state = 'waiting', due_at = ?, lease_until = NULL, "
                "attempts = attempts - 1 WHERE id = ?",
                (to_db_time(verdict.send_at), row["id"]),
            )
            return
        if not await self._still_claimed(row["id"]):
            return  # deleted while it waited its turn (its subject deleted their data)
        payload = json.loads(self._vault.unseal(row["payload_sealed"]))
        try:
            message = await self._pacer.send(
                Target.user(user_id), lambda: self._send_dm(user_id, payload, row["nonce"])
            )
        except TargetUnavailable as exc:
            if exc.dms_closed:
                await self._dms_closed(user_id)
            else:
                await self._finish(row["id"], "dropped", detail=f"HTTP {exc.status} {exc.code}")
        except (discord.HTTPException, OSError, TimeoutError) as exc:
            await self._retry_or_drop(row, exc)
        else:
            await self._finish(
                row["id"], "sent", channel_id=message.channel.id, message_id=message.id
            )

    async def _still_claimed(self, delivery_id: int) -> bool:
        return bool(
            await self._db.fetch_one(
                "SELECT 1 FROM deliveries WHERE id = ? AND state = 'sending'", (delivery_id,)
            )
        )

    async def _send_dm(self, user_id: int, payload: Mapping[str, Any], nonce: str | None) -> Any:
        channel = await self._client.create_dm(discord.Object(id=user_id))
        # A feature's embed may carry member text of any length: cut it to Discord's limits
        # rather than have Discord refuse the whole letter.
        embed = discord.Embed.from_dict(fit(payload["embed"])) if payload.get("embed") else None
        view = build_view(payload.get("buttons") or [])
        kwargs: dict[str, Any] = {}
        if embed is not None:
            kwargs["embed"] = embed
        if view is not None:
            kwargs["view"] = view
        if nonce is not None:
            kwargs["nonce"] = nonce
        return await channel.send(
            payload.get("content") or None,
            allowed_mentions=discord.AllowedMentions.none(),
            **kwargs,
        )

    async def _retry_or_drop(self, row: Row, exc: BaseException) -> None:
        attempts = int(row["attempts"])
        policy = self._engine.policy
        if policy.gives_up(attempts):
            log.warning(
                "gave up on a DM to %s after %d attempts: %s", row["user_id"], attempts, exc
            )
            await self._finish(row["id"], "dropped", detail="failed")
            return
        retry_at = policy.retry_at(self._clock.now(), attempts)
        log.info("a DM failed (%s); retrying at %s", type(exc).__name__, retry_at.isoformat())
        await self._db.execute(
            "UPDATE deliveries SET state = 'waiting', due_at = ?, lease_until = NULL WHERE id = ?",
            (to_db_time(retry_at), row["id"]),
        )

    async def _dms_closed(self, user_id: int) -> None:
        """Discord said 50007: stop DMing this member until they say otherwise."""
        now = self._clock.now()
        await self._members.mark_unreachable(user_id, now)
        async with self._db.transaction():
            await self._db.execute(
                """
                DELETE FROM delivery_about WHERE delivery_id IN (
                       SELECT id FROM deliveries
                        WHERE user_id = ? AND state IN ('waiting', 'sending'))
                """,
                (user_id,),
            )
            await self._db.execute(
                """
                UPDATE deliveries
                   SET state = 'dropped', payload_sealed = NULL, lease_until = NULL,
                       detail = 'unreachable', finished_at = ?
                 WHERE user_id = ? AND state IN ('waiting', 'sending')
                """,
                (to_db_time(now), user_id),
            )
        await self._notices.tell_member(
            user_id, f"dms-closed:{user_id}", self._messages.get("delivery.dms_closed")
        )
        log.info("member %s has closed DMs; marked unreachable", user_id)

    async def _finish(
        self,
        delivery_id: int,
        state: str,
        *,
        detail: str | None = None,
        channel_id: int | None = None,
        message_id: int | None = None,
    ) -> None:
        """A letter is done: its words and the record of whom it was about go at once."""
        async with self._db.transaction():
            await self._db.execute(
                """
                UPDATE deliveries
                   SET state = ?, detail = ?, payload_sealed = NULL, lease_until = NULL,
                       channel_id = ?, message_id = ?, finished_at = ?
                 WHERE id = ?
                """,
                (state, detail, channel_id, message_id, to_db_time(self._clock.now()), delivery_id),
            )
            await self._db.execute(
                "DELETE FROM delivery_about WHERE delivery_id = ?", (delivery_id,)
            )

    async def _count_week(self, user_id: int, now: datetime, excluding: int | None = None) -> int:
        return int(await self._db.fetch_value(_WEEK_COUNT, _week_params(user_id, now, excluding)))
