"""What each love-language button asks for, written into and read back from its ``custom_id``.

Pure. The view that draws a button and the handler that answers its press share these enums
and presses, so an action is a name, never a letter matched by hand. The ``custom_id``s are
already in members' Discord clients (quiz screens, notes in DMs) and must keep working after
an upgrade: the formats and every letter in them stay exactly as released.

- ``kl:q:<part>:<index>:<choice>`` answers one quiz item (part ``r``/``g``, choice ``0``/``1``)
- ``kl:b:<part>:<index>`` goes back one item
- ``kl:s:<step>[:<relationship>]`` moves between quiz stages
- ``kn:<action>:<note id>`` reports a note (``r``) or blocks its hidden sender (``b``)
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Self

from cogs.lovelanguages.scoring import RELATIONSHIPS


class Part(enum.StrEnum):
    """A part of the quiz, by the name progress is stored under."""

    RECEIVE = "receive"
    GIVE = "give"

    @property
    def code(self) -> str:
        """The letter a ``custom_id`` carries for this part."""
        return _PART_CODES[self]

    @classmethod
    def from_code(cls, code: str) -> Part:
        return _PARTS_BY_CODE[code]


_PART_CODES = {Part.RECEIVE: "r", Part.GIVE: "g"}
_PARTS_BY_CODE = {code: part for part, code in _PART_CODES.items()}


class Choice(enum.IntEnum):
    """Statement A or B of a quiz item."""

    A = 0
    B = 1


class Step(enum.StrEnum):
    """Moving between the quiz's stages."""

    CONTINUE = "continue"
    RESTART = "restart"
    GIVE = "give"
    RESULT = "result"


class NoteAction(enum.StrEnum):
    """What the recipient of an anonymous note can do about it."""

    REPORT = "r"
    BLOCK = "b"


def _either(values: Iterable[str | int]) -> str:
    return "|".join(re.escape(str(value)) for value in values)


_PART = f"(?P<part>{_either(_PART_CODES.values())})"
_INDEX = "(?P<index>[0-9]{1,2})"


class _Press:
    """A press as a ``custom_id`` says it; subclasses give the template and the reading."""

    TEMPLATE: ClassVar[str]

    @classmethod
    def parse(cls, custom_id: str) -> Self | None:
        """The press this ``custom_id`` stands for, or None if it is not one."""
        match = re.fullmatch(cls.TEMPLATE, custom_id)
        return None if match is None else cls.from_match(match)

    @classmethod
    def from_match(cls, match: re.Match[str]) -> Self:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class AnswerPress(_Press):
    TEMPLATE: ClassVar[str] = (
        f"kl:q:{_PART}:{_INDEX}:(?P<choice>{_either(c.value for c in Choice)})"
    )

    part: Part
    index: int
    choice: Choice

    @classmethod
    def from_match(cls, match: re.Match[str]) -> Self:
        return cls(Part.from_code(match["part"]), int(match["index"]), Choice(int(match["choice"])))

    def custom_id(self) -> str:
        return f"kl:q:{self.part.code}:{self.index}:{self.choice.value}"


@dataclass(frozen=True, slots=True)
class BackPress(_Press):
    TEMPLATE: ClassVar[str] = f"kl:b:{_PART}:{_INDEX}"

    part: Part
    index: int

    @classmethod
    def from_match(cls, match: re.Match[str]) -> Self:
        return cls(Part.from_code(match["part"]), int(match["index"]))

    def custom_id(self) -> str:
        return f"kl:b:{self.part.code}:{self.index}"


@dataclass(frozen=True, slots=True)
class StepPress(_Press):
    TEMPLATE: ClassVar[str] = (
        f"kl:s:(?P<step>{_either(s.value for s in Step)})"
        f"(?::(?P<relationship>{_either(RELATIONSHIPS)}))?"
    )

    step: Step
    relationship: str | None = None  # the wording a restarted quiz uses

    @classmethod
    def from_match(cls, match: re.Match[str]) -> Self:
        return cls(Step(match["step"]), match["relationship"])

    def custom_id(self) -> str:
        suffix = f":{self.relationship}" if self.relationship else ""
        return f"kl:s:{self.step.value}{suffix}"


@dataclass(frozen=True, slots=True)
class NotePress(_Press):
    TEMPLATE: ClassVar[str] = (
        f"kn:(?P<action>{_either(a.value for a in NoteAction)}):(?P<note>[0-9]{{1,20}})"
    )

    action: NoteAction
    note_id: int

    @classmethod
    def from_match(cls, match: re.Match[str]) -> Self:
        return cls(NoteAction(match["action"]), int(match["note"]))

    def custom_id(self) -> str:
        return f"kn:{self.action.value}:{self.note_id}"
