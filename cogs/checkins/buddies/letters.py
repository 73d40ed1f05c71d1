"""The words of the buddies' part of a check-in: the letter a buddy gets when a check-in is
shared with them, what the member is told after the buddy answers, and how the offer to share
is laid out. Pure: every text comes from the feature's messages through ``text``, so the
rules (the note never in a letter, a tip for the mood and the wish) are proven with plain
values.

A shared check-in carries the mood word, the wish and a tip on how to respond, and nothing
else: the letter is built from those alone, so the note cannot reach it even by mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from cogs.checkins.content import Label

Text = Callable[..., str]

#: How long a shared check-in is worth delivering: how someone is doing is news for a day.
SHARE_FRESH = timedelta(hours=24)
#: Buttons fit beside the check-in's own; with more buddies than this, one select offers all.
MAX_SHARE_BUTTONS = 4
#: A select holds at most 25 options (Discord's limit).
MAX_SHARE_OPTIONS = 25


class OfferLayout(Enum):
    NONE = "none"
    BUTTONS = "buttons"
    SELECT = "select"


def offer_layout(buddies: int) -> OfferLayout:
    """Nothing without a buddy; a button each for a few; a select when buttons would crowd."""
    if buddies <= 0:
        return OfferLayout.NONE
    return OfferLayout.BUTTONS if buddies <= MAX_SHARE_BUTTONS else OfferLayout.SELECT


@dataclass(frozen=True, slots=True)
class BuddyChoice:
    """A buddy the member may share with: the buddyship's row id and the buddy's name."""

    buddyship_id: int
    name: str


def offered(choices: Sequence[BuddyChoice]) -> list[BuddyChoice]:
    """The buddies an offer shows, within what one select can hold, in the member's order."""
    return list(choices[:MAX_SHARE_OPTIONS])


def share_letter(text: Text, *, member: str, mention: str, mood: Label,
                 wish: Label | None, tip: str) -> str:  # fmt: skip
    """What the buddy reads: who shared, the mood word, the wish if one was chosen, and how
    they might respond. There is no parameter for a note: a letter cannot carry one."""
    head = text("buddy.letter_head", name=member, mention=mention)
    lines = [head, text("buddy.letter_mood", mood=f"{mood.emoji} {mood.word}")]
    if wish is not None:
        lines.append(text("buddy.letter_wish", wish=f"{wish.emoji} {wish.word}"))
    lines += ["", text("buddy.letter_tip", tip=tip), "", text("buddy.letter_ask")]
    return "\n".join(lines)


def cant_letter(text: Text, *, buddy: str, others: bool) -> str:
    """The member's letter when a buddy can't be there: only that, nobody blamed; their
    other buddies (when there are any left to share with) and where to find support."""
    lines = [text("buddy.cant_letter", name=buddy)]
    if others:
        lines.append(text("buddy.cant_others"))
    lines.append(text("buddy.cant_support"))
    return "\n\n".join(lines)


def buddy_list(text: Text, *, mine: Sequence[str], waiting: Sequence[str],
               theirs: Sequence[str]) -> str:  # fmt: skip
    """/checkin buddy list: whom the member can share with, whom they asked and who has not
    answered yet, and who has them as a buddy. Each part only if it has someone in it."""
    if not (mine or waiting or theirs):
        return text("buddy.list_empty")
    parts = []
    for key, names in (
        ("buddy.list_mine", mine),
        ("buddy.list_waiting", waiting),
        ("buddy.list_theirs", theirs),
    ):
        if names:
            parts.append(text(key, names=", ".join(names)))
    return "\n".join(parts)
