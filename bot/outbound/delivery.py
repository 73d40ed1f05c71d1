"""The one way Kindred sends anything privately.

Features never call ``user.send``: they hand a :class:`Letter` to ``bot.delivery.send``.
The letter is judged against the recipient's boundaries (:func:`bot.privacy.boundary_rules.judge`):
no consent to that kind of DM, closed DMs, too deep, a topic turned off or the weekly
limit reached, and it is refused there and then. Otherwise it is stored (sealed) in
``deliveries`` and sent by the delivery loop when due: at once, or when the member's quiet
hours end, even if the bot restarted in between.

Each letter is judged again just before it goes out, so a boundary tightened while a
letter waited still holds. Sending follows the scheduler's pattern: claim with a lease,
send through the pacer with a nonce kept in the row (a resend after a crash lands once),
record. A 403 with code 50007 (closed DMs) marks the member unreachable, drops their
waiting letters, and tells them the next time they use a command.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import discord

from bot.app.content import Messages
from bot.outbound.notices import Notices
from bot.outbound.pacer import Pacer, Target, TargetUnavailable
from bot.privacy.boundary_rules import WEEK, Refusal, Verdict, judge
from bot.privacy.data_rights import PostRef
from bot.privacy.member_store import MemberStore
from bot.storage.database import Database, Row, from_db_time, to_db_time
from bot.storage.vault import Vault
from bot.timing.clock import Clock

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
RETRY_BACKOFF = timedelta(seconds=30)
MAX_ATTEMPTS = 5
POLL_SECONDS = 60.0
BATCH = 50
KEEP_FINISHED = WEEK + timedelta(days=1)  # the weekly limit looks back seven days

# A member's DMs in the last seven days: sent, or waiting to be (held ones count too).
_WEEK_COUNT = """
    SELECT COUNT(*) FROM deliveries
     WHERE user_id = ? AND id IS NOT ?
       AND (state IN ('waiting', 'sending') OR (state = 'sent' AND finished_at > ?))
"""


def _week_params(user_id: int, now: datetime, excluding: int | None) -> tuple[Any, ...]:
    return (user_id, excluding, to_db_time(now - WEEK))


ButtonStyle = Literal["primary", "secondary", "success", "danger"]


@dataclass(frozen=True, slots=True)
class LetterButton:
    """A button on a DM. Its ``custom_id`` must be handled by a feature's DynamicItem, so
    it keeps working after a restart; never put a hidden identity in it."""

    custom_id: str
    label: str
    style: ButtonStyle = "secondary"
    emoji: str | None = None


@dataclass(frozen=True, slots=True)
class Letter:
    """One private message a feature wants to send."""

    user_id: int
    kind: str  # the consent it needs, e.g. "checkin", "nudge", "note"
    content: str = ""
    embed: discord.Embed | None = None
    buttons: tuple[LetterButton, ...] = ()
    depth: int | None = None
    topic: str | None = None
    guild_id: int | None = None  # the server it is about, if any
    dedupe_key: str | None = None  # the same key is queued at most once per member
    not_before: datetime | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "content": self.content,
            "embed": self.embed.to_dict() if self.embed else None,
            "buttons": [
                {"custom_id": b.custom_id, "label": b.label, "style": b.style, "emoji": b.emoji}
                for b in self.buttons
            ],
        }


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a letter: refused (and why), a duplicate, or queued for ``due_at``."""

    refusal: Refusal | None = None
    due_at: datetime | None = None
    duplicate: bool = False
    held: bool = False

    @property
    def queued(self) -> bool:
        return self.refusal is None and not self.duplicate


def build_view(buttons: list[Mapping[str, Any]]) -> discord.ui.View | None:
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for spec in buttons:
        view.add_item(
            discord.ui.Button(
                custom_id=str(spec["custom_id"]),
                label=str(spec["label"]),
                style=getattr(discord.ButtonStyle, str(spec["style"])),
                emoji=spec.get("emoji"),
            )
        )
    # The clicks are handled by the features' DynamicItems; a finished view is not kept
    # in memory by discord.py for every DM ever sent.
    view.stop()
    return view


class Delivery:
    """Judges, stores and sends private messages; the data owner of ``deliveries``."""

    data_name: str = "private messages"
    data_tables: tuple[str, ...] = ("deliveries",)

    def __init__(
        self,
        client: discord.Client,
        db: Database,
        *,
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
        self._kinds: dict[str, str] = {}
        self._wake = asyncio.Event()
        self._loop: asyncio.Task[None] | None = None
        self._stopped = False
        clock.subscribe(self._wake.set)

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
            )
            if verdict.refusal is not None:
                return Outcome(refusal=verdict.refusal)
            due = max(d for d in (now, verdict.send_at, letter.not_before) if d is not None)
            inserted = await self._db.execute(
                """
                INSERT INTO deliveries (user_id, kind, guild_id, dedupe_key, depth, topic,
                                        payload_sealed, state, due_at, nonce, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?)
                ON CONFLICT DO NOTHING
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
                ),
            )
            if inserted == 0:
                return Outcome(duplicate=True)
        self._wake.set()
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

    async def pending_for(self, user_id: int) -> int:
        row = await self._db.fetch_one(
            "SELECT COUNT(*) FROM deliveries WHERE user_id = ? AND state IN ('waiting', 'sending')",
            (user_id,),
        )
        return int(row[0]) if row else 0

    # -- the loop -----------------------------------------------------------------------

    def start(self) -> None:
        if self._loop is None and not self._stopped:
            self._loop = asyncio.get_running_loop().create_task(self._run(), name="delivery-loop")

    async def stop(self) -> None:
        """Stop for good (a start racing with shutdown must not revive the loop)."""
        self._stopped = True
        self._clock.unsubscribe(self._wake.set)
        if self._loop is not None:
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
            self._loop = None

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.deliver_due()
                next_due = await self._next_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("the delivery loop failed; retrying shortly")
                next_due = None
            timeout = POLL_SECONDS
            if next_due is not None:
                real_wait = (self._clock.to_real(next_due) - discord.utils.utcnow()).total_seconds()
                timeout = min(max(real_wait, 0.0), POLL_SECONDS)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

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
                (to_db_time(now + LEASE), to_db_time(now), to_db_time(now), BATCH),
            )
        for row in sorted(rows, key=lambda r: str(r["due_at"])):
            await self._deliver(row)
        return len(rows)

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

    async def _send_dm(self, user_id: int, payload: Mapping[str, Any], nonce: str | None) -> Any:
        channel = await self._client.create_dm(discord.Object(id=user_id))
        embed = discord.Embed.from_dict(payload["embed"]) if payload.get("embed") else None
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
        if attempts >= MAX_ATTEMPTS:
            log.warning(
                "gave up on a DM to %s after %d attempts: %s", row["user_id"], attempts, exc
            )
            await self._finish(row["id"], "dropped", detail="failed")
            return
        retry_at = self._clock.now() + RETRY_BACKOFF * attempts
        log.info("a DM failed (%s); retrying at %s", type(exc).__name__, retry_at.isoformat())
        await self._db.execute(
            "UPDATE deliveries SET state = 'waiting', due_at = ?, lease_until = NULL WHERE id = ?",
            (to_db_time(retry_at), row["id"]),
        )

    async def _dms_closed(self, user_id: int) -> None:
        """Discord said 50007: stop DMing this member until they say otherwise."""
        now = self._clock.now()
        await self._members.mark_unreachable(user_id, now)
        await self._db.execute(
            """
            UPDATE deliveries SET state = 'dropped', payload_sealed = NULL, lease_until = NULL,
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
        await self._db.execute(
            """
            UPDATE deliveries SET state = ?, detail = ?, payload_sealed = NULL, lease_until = NULL,
                   channel_id = ?, message_id = ?, finished_at = ?
             WHERE id = ?
            """,
            (state, detail, channel_id, message_id, to_db_time(self._clock.now()), delivery_id),
        )

    async def _count_week(self, user_id: int, now: datetime, excluding: int | None = None) -> int:
        return int(await self._db.fetch_value(_WEEK_COUNT, _week_params(user_id, now, excluding)))

    # -- housekeeping and data rights ---------------------------------------------------

    async def forget_finished(self, now: datetime) -> int:
        """Sent and dropped letters keep no content; their rows go once the week is over."""
        return await self._db.execute(
            "DELETE FROM deliveries WHERE state IN ('sent', 'dropped') AND finished_at <= ?",
            (to_db_time(now - KEEP_FINISHED),),
        )

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        rows = await self._db.fetch_all(
            "SELECT * FROM deliveries WHERE user_id = ? ORDER BY id", (user_id,)
        )
        letters = []
        for row in rows:
            entry: dict[str, Any] = {
                "kind": row["kind"],
                "state": row["state"],
                "due_at": row["due_at"],
                "created_at": row["created_at"],
                "finished_at": row["finished_at"],
            }
            if row["payload_sealed"]:
                entry["message"] = json.loads(self._vault.unseal(row["payload_sealed"]))
            letters.append(entry)
        return {"letters": letters}

    async def delete_member(self, user_id: int) -> list[PostRef]:
        await self._db.execute("DELETE FROM deliveries WHERE user_id = ?", (user_id,))
        return []

    async def delete_guild(self, guild_id: int) -> None:
        await self._db.execute("DELETE FROM deliveries WHERE guild_id = ?", (guild_id,))
