"""What a feature hands to ``bot.delivery``: a letter, its buttons, and what became of it.

These are plain values so a feature can build a letter without touching the delivery
machinery; :func:`build_view` turns stored buttons back into a discord.py view when the
letter finally goes out, possibly after a restart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import discord

from bot.privacy.boundary_rules import Refusal

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
    kind: str  # the consent it needs, declared by the feature that sends it
    content: str = ""
    embed: discord.Embed | None = None
    buttons: tuple[LetterButton, ...] = ()
    depth: int | None = None
    topic: str | None = None
    guild_id: int | None = None  # the server it is about, if any
    dedupe_key: str | None = None  # the same key is queued at most once per member
    not_before: datetime | None = None
    #: Other members whose words this letter carries, or whom it is about (a note's
    #: sender, a nudge's subject). If one of them deletes their data while the letter still
    #: waits (quiet hours), it is dropped unsent. Stored as pseudonyms, never as ids.
    about: tuple[int, ...] = ()
    #: The member asked for this DM themself (their own scheduled check-in): it neither
    #: counts toward nor is refused by their weekly DM limit. Consent, closed DMs, quiet
    #: hours and a pause still apply.
    asked_for: bool = False
    #: Worth sending only until then: a letter quiet hours or a pause would hold past it is
    #: refused (or dropped when it comes due) with ``Refusal.TOO_LATE``, never sent late.
    expires_at: datetime | None = None

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
