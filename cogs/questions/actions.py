"""What the buttons on a question post and on a posted answer do, as named values (and
what an admin decides in a review).

A button's ``custom_id`` is ``kq:<action>:<id>``, and Discord keeps it in every message
already posted. The values are the letters those posts have always carried, so they must
never change: a week-old post's buttons keep working after an upgrade. The views build
custom ids here and the handlers read them back here; nothing else spells them.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypeVar

PREFIX = "kq"
_TARGET_ID = r"[0-9]{1,20}"


class PostAction(StrEnum):
    """The buttons under a question post, in the order they are shown."""

    ANSWER = "a"
    ANSWER_ANONYMOUSLY = "n"
    PASS = "p"  # noqa: S105 - the "Pass" button, not a password
    READY_FOR_DEEPER = "d"
    TOO_DEEP = "t"


class AnswerAction(StrEnum):
    """The buttons under a posted answer, in the order they are shown."""

    VALIDATE = "v"
    EDIT = "e"
    DELETE = "x"


class ReviewDecision(StrEnum):
    """The buttons under a suggestion an admin reviews (in memory only, never in a custom id)."""

    APPROVE = "approve"
    EDIT = "edit"
    REJECT = "reject"


Action = TypeVar("Action", PostAction, AnswerAction)


def custom_id(action: PostAction | AnswerAction, target_id: int) -> str:
    """The custom id of a button acting on one post or answer (never on a person)."""
    return f"{PREFIX}:{action.value}:{target_id}"


def template(actions: type[PostAction] | type[AnswerAction]) -> str:
    """The pattern every custom id of these actions matches, and nothing else does."""
    letters = "|".join(re.escape(action.value) for action in actions)
    return rf"{PREFIX}:(?P<action>{letters}):(?P<id>{_TARGET_ID})"


POST_TEMPLATE = template(PostAction)
ANSWER_TEMPLATE = template(AnswerAction)


def parse(raw: str, actions: type[Action]) -> tuple[Action, int] | None:
    """The action and post or answer id a custom id carries; None if it is not one of these."""
    found = re.fullmatch(template(actions), raw)
    if found is None:
        return None
    return actions(found["action"]), int(found["id"])
