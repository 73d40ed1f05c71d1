"""What the review's buttons do, as named values, and the ``custom_id`` each one carries.

A button's ``custom_id`` is ``kr:<action>:<row id>``: the action and the id of the pair (an
invitation) or the round it acts on, never a member's id and never a word anyone wrote
(every client can read a custom id). Pair and round ids are AUTOINCREMENT, so an old button
can never act on a newer row. Discord keeps these in every message already sent, so the
letters must never change.

- ``kr:a:<pair id>`` — Accept the invitation (its partner only)
- ``kr:d:<pair id>`` — Decline it
- ``kr:o:<round id>`` — Answer: opens the next form of the round (appreciations, then the
  week together), with what was typed before if it needed a change
- ``kr:h:<round id>`` — Help me phrase it (the pattern and examples, privately)
"""

from __future__ import annotations

import re
from enum import StrEnum

PREFIX = "kr"
_TARGET_ID = "[0-9]{1,20}"


class InviteAction(StrEnum):
    ACCEPT = "a"
    DECLINE = "d"


class RoundAction(StrEnum):
    ANSWER = "o"
    HELP = "h"


def custom_id(action: InviteAction | RoundAction, target_id: int) -> str:
    return f"{PREFIX}:{action.value}:{target_id}"


def template(actions: type[InviteAction] | type[RoundAction]) -> str:
    letters = "|".join(re.escape(action.value) for action in actions)
    return rf"{PREFIX}:(?P<action>{letters}):(?P<id>{_TARGET_ID})"


INVITE_TEMPLATE = template(InviteAction)
ROUND_TEMPLATE = template(RoundAction)
