"""What each check-in buddy button asks for, written into and read back from its ``custom_id``.

Pure. A ``custom_id`` carries row ids only (an invitation, a share, a check-in, a buddyship),
never a member's id: every client can read it. Each press is checked against its row and
where it came from before anything happens. Discord keeps these ids in every message already
sent, so the letters must never change.

- ``kbi:<action>:<invitation id>`` Accept (``a``) or Decline (``d``) a buddy invitation
- ``kbr:<action>:<share id>`` a buddy's I'm here 💛 (``h``) or Can't right now (``c``)
- ``kbs:<check-in id>:<buddyship id>`` Share with <name>? (one button per buddy)
- ``kbp:<check-in id>`` Share with… (a select, when there are more buddies than buttons)
- ``kbh`` where to find support, for the member's own locale
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Self

_ROW_ID = r"[0-9]{1,20}"


class InviteAction(StrEnum):
    """The buttons under a buddy invitation, in the order they are shown."""

    ACCEPT = "a"
    DECLINE = "d"


class ReplyAction(StrEnum):
    """The buttons under a check-in shared with a buddy, in the order they are shown."""

    HERE = "h"
    CANT = "c"


def _either(actions: type[StrEnum]) -> str:
    return "|".join(re.escape(action.value) for action in actions)


INVITE_TEMPLATE = rf"kbi:(?P<action>{_either(InviteAction)}):(?P<id>{_ROW_ID})"
REPLY_TEMPLATE = rf"kbr:(?P<action>{_either(ReplyAction)}):(?P<id>{_ROW_ID})"
SHARE_TEMPLATE = rf"kbs:(?P<checkin>{_ROW_ID}):(?P<buddyship>{_ROW_ID})"
PICK_TEMPLATE = rf"kbp:(?P<checkin>{_ROW_ID})"
SUPPORT_ID = "kbh"
SUPPORT_TEMPLATE = re.escape(SUPPORT_ID)


def invite_id(action: InviteAction, invitation_id: int) -> str:
    return f"kbi:{action.value}:{invitation_id}"


def reply_id(action: ReplyAction, share_id: int) -> str:
    return f"kbr:{action.value}:{share_id}"


@dataclass(frozen=True, slots=True)
class SharePress:
    """Share this check-in with the buddy of this buddyship (a row id, not a member id)."""

    checkin_id: int
    buddyship_id: int

    @classmethod
    def parse(cls, custom_id: str) -> Self | None:
        match = re.fullmatch(SHARE_TEMPLATE, custom_id)
        return None if match is None else cls.from_match(match)

    @classmethod
    def from_match(cls, match: re.Match[str]) -> Self:
        return cls(int(match["checkin"]), int(match["buddyship"]))

    def custom_id(self) -> str:
        return f"kbs:{self.checkin_id}:{self.buddyship_id}"


def pick_id(checkin_id: int) -> str:
    """The select offering every buddy at once; its options' values are buddyship ids."""
    return f"kbp:{checkin_id}"


def parse_buddyship(value: str) -> int | None:
    """A select option's value as a buddyship id; None for anything else a client sent."""
    return int(value) if re.fullmatch(_ROW_ID, value) else None
