"""Storage of members' boundaries and consent: the SQL behind :mod:`bot.privacy.boundary_rules`.

Every feature reads boundaries through the bot's ``members`` service (never its own copy),
so a change a member makes applies everywhere at once. The boundary card is private free
text and is stored sealed. Consent is a set of kind strings, each named by the feature that
sends that kind of DM; the store grants and withdraws them without knowing any.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from bot.privacy.boundary_rules import (
    DEFAULT_MAX_DMS_PER_WEEK,
    DONT_PAIR_LIMIT,
    Boundaries,
    QuietHours,
)
from bot.privacy.data_rights import PostRef
from bot.storage.database import Database, from_db_time, to_db_time
from bot.storage.vault import Vault
from bot.timing.clock import Clock

_UNSET: Any = object()


class Listing(Enum):
    """What became of adding someone to a member's do-not-pair list."""

    ADDED = "added"
    ALREADY = "already"
    FULL = "full"


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _optional_time(text: str | None) -> datetime | None:
    return from_db_time(text) if text else None


def _optional_text(instant: datetime | None) -> str | None:
    return to_db_time(instant) if instant is not None else None


class MemberStore:
    """Reads and writes boundaries; also the data owner of the tables it keeps."""

    data_name: str = "boundaries"
    data_tables: tuple[str, ...] = (
        "member_boundaries",
        "member_topics_off",
        "member_dont_pair",
        "member_card_shares",
        "dm_consents",
    )

    def __init__(self, db: Database, vault: Vault, clock: Clock) -> None:
        self._db = db
        self._vault = vault
        self._clock = clock
        self._consent_settings: dict[str, Callable[[frozenset[str]], str]] = {}

    # -- reading ------------------------------------------------------------------------

    async def get(self, user_id: int) -> Boundaries:
        """A member's boundaries; defaults for someone who never set any."""
        row = await self._db.fetch_one(
            "SELECT * FROM member_boundaries WHERE user_id = ?", (user_id,)
        )
        topics = await self._column(
            "SELECT topic FROM member_topics_off WHERE user_id = ?", user_id
        )
        others = await self._column(
            "SELECT other_id FROM member_dont_pair WHERE user_id = ?", user_id
        )
        consents = await self._column("SELECT kind FROM dm_consents WHERE user_id = ?", user_id)
        shares = await self._column(
            "SELECT guild_id FROM member_card_shares WHERE user_id = ?", user_id
        )
        common: dict[str, Any] = {
            "topics_off": frozenset(str(t) for t in topics),
            "dont_pair": frozenset(int(o) for o in others),
            "consents": frozenset(str(c) for c in consents),
            "card_shared_in": frozenset(int(g) for g in shares),
        }
        if row is None:
            return Boundaries(user_id, **common)
        zone = ZoneInfo(row["timezone"]) if row["timezone"] else None
        quiet = None
        if row["quiet_start"] and zone is not None:
            quiet = QuietHours(
                time.fromisoformat(row["quiet_start"]), time.fromisoformat(row["quiet_end"]), zone
            )
        limit = row["max_dms_per_week"]
        return Boundaries(
            user_id,
            max_depth=int(row["max_depth"]),
            quiet_hours=quiet,
            zone=zone,
            max_dms_per_week=DEFAULT_MAX_DMS_PER_WEEK if limit is None else int(limit),
            pairing=bool(row["pairing"]),
            unreachable_since=_optional_time(row["unreachable_since"]),
            card=self._vault.unseal_optional(row["card_sealed"]),
            paused_from=_optional_time(row["paused_from"]),
            paused_until=_optional_time(row["paused_until"]),
            **common,
        )

    async def _column(self, sql: str, user_id: int) -> list[Any]:
        return [row[0] for row in await self._db.fetch_all(sql, (user_id,))]

    # -- writing ------------------------------------------------------------------------

    async def update(
        self,
        user_id: int,
        *,
        max_depth: int | None = None,
        quiet_hours: tuple[time, time] | None = _UNSET,
        zone: ZoneInfo | None = None,
        max_dms_per_week: int | None = None,
        pairing: bool | None = None,
        consents: Mapping[str, bool] | None = None,
    ) -> None:
        """Change the given settings, leaving the others as they were, in one transaction.

        ``quiet_hours=None`` turns quiet hours off; leaving it out keeps them. ``consents``
        grants (True) or withdraws (False) each kind it names, for a feature's own option
        that stands for several kinds; kinds it does not name stay as they were.
        """
        changes: dict[str, Any] = {}
        if max_depth is not None:
            changes["max_depth"] = max_depth
        if quiet_hours is None:
            changes["quiet_start"] = changes["quiet_end"] = None
        elif quiet_hours is not _UNSET:
            changes["quiet_start"], changes["quiet_end"] = (_hhmm(t) for t in quiet_hours)
        if zone is not None:
            changes["timezone"] = zone.key
        if max_dms_per_week is not None:
            changes["max_dms_per_week"] = max_dms_per_week
        if pairing is not None:
            changes["pairing"] = int(pairing)
        now = to_db_time(self._clock.now())
        async with self._db.transaction():
            await self._ensure_row(user_id, now)
            if changes:
                assignments = ", ".join(f"{column} = ?" for column in changes)
                await self._db.execute(
                    f"UPDATE member_boundaries SET {assignments}, updated_at = ? "  # noqa: S608 - fixed column names
                    "WHERE user_id = ?",
                    (*changes.values(), now, user_id),
                )
            if consents:
                await self._set_consents(user_id, consents, now)

    async def _ensure_row(self, user_id: int, now: str) -> None:
        await self._db.execute(
            """
            INSERT INTO member_boundaries (user_id, updated_at) VALUES (?, ?)
            ON CONFLICT (user_id) DO NOTHING
            """,
            (user_id, now),
        )

    async def _set_consents(self, user_id: int, consents: Mapping[str, bool], now: str) -> None:
        for kind in sorted(kind for kind, granted in consents.items() if not granted):
            await self._db.execute(
                "DELETE FROM dm_consents WHERE user_id = ? AND kind = ?", (user_id, kind)
            )
        for kind in sorted(kind for kind, granted in consents.items() if granted):
            await self._db.execute(
                """
                INSERT INTO dm_consents (user_id, kind, granted_at) VALUES (?, ?, ?)
                ON CONFLICT DO NOTHING
                """,
                (user_id, kind, now),
            )
        if any(consents.values()):
            # Asking for DMs again is the member's signal that their DMs are open now.
            await self._db.execute(
                "UPDATE member_boundaries SET unreachable_since = NULL WHERE user_id = ?",
                (user_id,),
            )

    async def set_topic(self, user_id: int, topic: str, *, off: bool) -> bool:
        """Turn a topic off (or back on); False if it already was."""
        if off:
            changed = await self._db.execute(
                "INSERT INTO member_topics_off (user_id, topic) VALUES (?, ?) "
                "ON CONFLICT DO NOTHING",
                (user_id, topic),
            )
        else:
            changed = await self._db.execute(
                "DELETE FROM member_topics_off WHERE user_id = ? AND topic = ?", (user_id, topic)
            )
        return changed > 0

    async def set_dont_pair(self, user_id: int, other_id: int, *, listed: bool) -> bool:
        """List (within the limit) or unlist someone; False if nothing changed."""
        if listed:
            return await self.add_dont_pair(user_id, other_id) is Listing.ADDED
        changed = await self._db.execute(
            "DELETE FROM member_dont_pair WHERE user_id = ? AND other_id = ?",
            (user_id, other_id),
        )
        return changed > 0

    async def add_dont_pair(
        self, user_id: int, other_id: int, *, limit: int = DONT_PAIR_LIMIT
    ) -> Listing:
        """Add someone unless the list is full, counted and written in one transaction so
        adds made at the same moment cannot together pass the limit."""
        async with self._db.transaction():
            if await self._db.fetch_one(
                "SELECT 1 FROM member_dont_pair WHERE user_id = ? AND other_id = ?",
                (user_id, other_id),
            ):
                return Listing.ALREADY
            listed = await self._db.fetch_value(
                "SELECT COUNT(*) FROM member_dont_pair WHERE user_id = ?", (user_id,)
            )
            if int(listed) >= limit:
                return Listing.FULL
            await self._db.execute(
                "INSERT INTO member_dont_pair (user_id, other_id, added_at) VALUES (?, ?, ?)",
                (user_id, other_id, to_db_time(self._clock.now())),
            )
        return Listing.ADDED

    async def set_card(
        self, user_id: int, *, text: str | None, guild_id: int | None, shared: bool | None
    ) -> bool:
        """Store the card text (sealed) and/or its sharing in one server, together.

        False, changing nothing, when there is no card to keep (no text given and none
        stored): checked in the same transaction, so a card cleared at the same moment
        never leaves a server allowed to see whatever card comes next.
        """
        now = to_db_time(self._clock.now())
        async with self._db.transaction():
            if text is None and not await self._db.fetch_value(
                "SELECT card_sealed IS NOT NULL FROM member_boundaries WHERE user_id = ?",
                (user_id,),
            ):
                return False
            await self._ensure_row(user_id, now)
            if text is not None:
                await self._db.execute(
                    "UPDATE member_boundaries SET card_sealed = ?, updated_at = ? "
                    "WHERE user_id = ?",
                    (self._vault.seal(text), now, user_id),
                )
            if shared is True and guild_id is not None:
                await self._db.execute(
                    "INSERT INTO member_card_shares (user_id, guild_id, shared_at) "
                    "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (user_id, guild_id, now),
                )
            elif shared is False and guild_id is not None:
                await self._db.execute(
                    "DELETE FROM member_card_shares WHERE user_id = ? AND guild_id = ?",
                    (user_id, guild_id),
                )
        return True

    async def clear_card(self, user_id: int) -> None:
        async with self._db.transaction():
            await self._db.execute(
                "UPDATE member_boundaries SET card_sealed = NULL WHERE user_id = ?", (user_id,)
            )
            await self._db.execute("DELETE FROM member_card_shares WHERE user_id = ?", (user_id,))

    # -- consent to DMs -----------------------------------------------------------------

    async def allow(self, user_id: int, kind: str) -> None:
        """The member asked for this kind of DM (by opting in to what a feature sends)."""
        now = to_db_time(self._clock.now())
        async with self._db.transaction():
            await self._ensure_row(user_id, now)
            await self._set_consents(user_id, {kind: True}, now)

    async def disallow(self, user_id: int, kind: str) -> None:
        await self._db.execute(
            "DELETE FROM dm_consents WHERE user_id = ? AND kind = ?", (user_id, kind)
        )

    async def mark_unreachable(self, user_id: int, now: datetime) -> None:
        async with self._db.transaction():
            await self._ensure_row(user_id, to_db_time(now))
            await self._db.execute(
                "UPDATE member_boundaries SET unreachable_since = COALESCE(unreachable_since, ?) "
                "WHERE user_id = ?",
                (to_db_time(now), user_id),
            )

    async def pause(self, user_id: int, until: datetime) -> None:
        """Start a pause now, until ``until`` (a new pause replaces the one before)."""
        now = self._clock.now()
        if until <= now:
            raise ValueError("a pause must end after it starts")
        async with self._db.transaction():
            await self._ensure_row(user_id, to_db_time(now))
            await self._db.execute(
                "UPDATE member_boundaries SET paused_from = ?, paused_until = ?, updated_at = ? "
                "WHERE user_id = ?",
                (to_db_time(now), to_db_time(until), to_db_time(now), user_id),
            )

    async def resume(self, user_id: int) -> bool:
        """End the pause now; False if none was running. The pause's start stays, so what
        came during it is still known to have come during it."""
        now = to_db_time(self._clock.now())
        changed = await self._db.execute(
            "UPDATE member_boundaries SET paused_until = ?, updated_at = ? "
            "WHERE user_id = ? AND paused_from <= ? AND paused_until > ?",
            (now, now, user_id, now, now),
        )
        return changed > 0

    async def mark_reachable(self, user_id: int) -> None:
        await self._db.execute(
            "UPDATE member_boundaries SET unreachable_since = NULL WHERE user_id = ?", (user_id,)
        )

    # -- data rights --------------------------------------------------------------------

    def add_consent_setting(self, name: str, value_of: Callable[[frozenset[str]], str]) -> None:
        """Export a feature's own option that is kept as consent kinds under its own name,
        beside the member's other settings (``value_of`` reads it back from the kinds)."""
        if name in self._consent_settings:
            raise ValueError(f"a consent setting called {name!r} is already exported")
        self._consent_settings[name] = value_of

    def remove_consent_setting(self, name: str) -> None:
        self._consent_settings.pop(name, None)

    async def export_member(self, user_id: int) -> Mapping[str, Any]:
        b = await self.get(user_id)
        return {
            "max_depth": b.max_depth,
            "quiet_hours": (
                f"{_hhmm(b.quiet_hours.start)}-{_hhmm(b.quiet_hours.end)}"
                if b.quiet_hours
                else None
            ),
            "timezone": b.zone.key if b.zone else None,
            "max_dms_per_week": b.max_dms_per_week,
            "pairing": b.pairing,
            **{name: value_of(b.consents) for name, value_of in self._consent_settings.items()},
            "topics_off": sorted(b.topics_off),
            "dont_pair": sorted(str(other) for other in b.dont_pair),
            "dm_consents": sorted(b.consents),
            "unreachable_since": _optional_text(b.unreachable_since),
            "card": b.card,
            "card_shared_in_servers": sorted(str(g) for g in b.card_shared_in),
            "paused_from": _optional_text(b.paused_from),
            "paused_until": _optional_text(b.paused_until),
        }

    async def delete_member(self, user_id: int) -> list[PostRef]:
        for table in self.data_tables:
            await self._db.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))  # noqa: S608 - fixed names
        # Another member's do-not-pair entry naming this member stays: it is *their*
        # boundary, and dropping it would let the two be paired again (see PRIVACY.md).
        return []

    async def delete_guild(self, guild_id: int) -> None:
        await self._db.execute("DELETE FROM member_card_shares WHERE guild_id = ?", (guild_id,))
