"""What the buttons on a challenge post and on a posted completion do, as named values.

A button's ``custom_id`` is ``kc:<action>:<row id>``: the action and the id of the post or
completion it acts on, never a member's id (every client can read a custom id). Discord
keeps these in every message already posted, so the letters must never change: an old
post's buttons keep working after an upgrade. The views build custom ids here and the
handlers read them back here; nothing else spells them.

- ``kc:d:<post id>`` — I did it 🎉 (opens the form)
- ``kc:n:<post id>`` — Not today
- ``kc:l:<completion id>`` — 😂 (counts distinct other members)
- ``kc:k:<completion id>`` — 🫙 Keep / Kept (its author only; pressing again takes it out)
- ``kc:r:<completion id>`` — Remove (its author, or a moderator; asks to confirm first)
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypeVar

PREFIX = "kc"
_TARGET_ID = r"[0-9]{1,20}"


class PostAction(StrEnum):
    """The buttons under a challenge post, in the order they are shown."""

    DID_IT = "d"
    NOT_TODAY = "n"


class CompletionAction(StrEnum):
    """The buttons under a posted completion, in the order they are shown."""

    LAUGH = "l"
    KEEP = "k"
    REMOVE = "r"


Action = TypeVar("Action", PostAction, CompletionAction)


def custom_id(action: PostAction | CompletionAction, target_id: int) -> str:
    """The custom id of a button acting on one post or completion (never on a person)."""
    return f"{PREFIX}:{action.value}:{target_id}"


def template(actions: type[PostAction] | type[CompletionAction]) -> str:
    """The pattern every custom id of these actions matches, and nothing else does."""
    letters = "|".join(re.escape(action.value) for action in actions)
    return rf"{PREFIX}:(?P<action>{letters}):(?P<id>{_TARGET_ID})"


POST_TEMPLATE = template(PostAction)
COMPLETION_TEMPLATE = template(CompletionAction)


def parse(raw: str, actions: type[Action]) -> tuple[Action, int] | None:
    """The action and row id a custom id carries; None if it is not one of these."""
    found = re.fullmatch(template(actions), raw)
    if found is None:
        return None
    return actions(found["action"]), int(found["id"])
