"""What the buttons of a check-in do, as named values. Pure: no discord.

A button's ``custom_id`` is ``ci:<choice>:<check-in id>``: the choice and the check-in it
answers, never a member's id (every client can read a custom id). Discord keeps these in every
message already sent, so the letters must never change: an old check-in's buttons keep
working after an upgrade and a restart.

- ``ci:vl|lo|ok|go|vg:<id>`` — the five moods, very low … very good
- ``ci:pa:<id>`` — Pass
- ``ci:wl|we|ws|wc|wn:<id>`` — listen, encouragement, space, company, nothing
- ``ci:no:<id>`` — Add a note (opens the form); ``ci:nn:<id>`` — No note, thanks
"""

from __future__ import annotations

import re
from enum import StrEnum

from cogs.checkins.moods import Mood, Wish

PREFIX = "ci"
_TARGET_ID = r"[0-9]{1,20}"


class Choice(StrEnum):
    VERY_LOW = "vl"
    LOW = "lo"
    OKAY = "ok"
    GOOD = "go"
    VERY_GOOD = "vg"
    PASS = "pa"  # noqa: S105 - the Pass button, not a password
    LISTEN = "wl"
    ENCOURAGEMENT = "we"
    SPACE = "ws"
    COMPANY = "wc"
    NOTHING = "wn"
    ADD_NOTE = "no"
    NO_NOTE = "nn"


MOOD_OF: dict[Choice, Mood] = {
    Choice.VERY_LOW: Mood.VERY_LOW,
    Choice.LOW: Mood.LOW,
    Choice.OKAY: Mood.OKAY,
    Choice.GOOD: Mood.GOOD,
    Choice.VERY_GOOD: Mood.VERY_GOOD,
}
WISH_OF: dict[Choice, Wish] = {
    Choice.LISTEN: Wish.LISTEN,
    Choice.ENCOURAGEMENT: Wish.ENCOURAGEMENT,
    Choice.SPACE: Wish.SPACE,
    Choice.COMPANY: Wish.COMPANY,
    Choice.NOTHING: Wish.NOTHING,
}
CHOICE_OF_MOOD = {mood: choice for choice, mood in MOOD_OF.items()}
CHOICE_OF_WISH = {wish: choice for choice, wish in WISH_OF.items()}

TEMPLATE = (
    rf"{PREFIX}:(?P<action>{'|'.join(re.escape(c.value) for c in Choice)}):(?P<id>{_TARGET_ID})"
)


def custom_id(choice: Choice, checkin_id: int) -> str:
    """The custom id of one answer to one check-in (never naming a person)."""
    return f"{PREFIX}:{choice.value}:{checkin_id}"


def parse(raw: str) -> tuple[Choice, int] | None:
    found = re.fullmatch(TEMPLATE, raw)
    if found is None:
        return None
    return Choice(found["action"]), int(found["id"])
