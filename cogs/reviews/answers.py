"""A partner's answers to one review round, cleaned and checked before anything is sealed.

Pure: no discord import. Text goes through the core's :func:`clean_user_text` (invisible
characters, nothing but mentions, Discord's lengths) so every feature refuses the same things
the same way. What this module adds is the review's own rules:

* appreciations: the boxes left empty are dropped; at least one must remain and at most five
  fit (a Discord form holds five boxes);
* the thing to work on should read "I felt … when … I'd love …". The check is deliberately
  loose, because the shape is there to keep the words kind, not to grade them: case, curly or
  straight apostrophes and order do not matter, and close variants count ("I feel", "I was
  feeling", "it made me feel"; "when", "whenever", "after", "because"; "I'd love", "I would
  like", "I'd appreciate", "I wish", "could we", "it would help"). Only a part missing
  altogether is pointed out, naming what is missing, with the Help me phrase it text one
  button away; the member's words are never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.interactions.user_error import UserFacingError
from bot.interactions.usertext import clean_user_text
from cogs.reviews.prompts import APPRECIATIONS, CARED_FOR, TO_WORK_ON, WENT_WELL, ReviewPrompts

FEELING = "feeling"
MOMENT = "moment"
WISH = "wish"
_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        FEELING,
        re.compile(
            r"\bi\s+(?:felt|feel|was\s+feeling|am\s+feeling|have\s+been\s+feeling)\b"
            r"|\bi(?:'m|'ve\s+been)\s+feeling\b|\bmade\s+me\s+feel\b"
        ),
    ),
    (MOMENT, re.compile(r"\b(?:when|whenever|after|because)\b")),
    (
        WISH,
        re.compile(
            r"\bi\s*(?:'d|would)\s+(?:really\s+)?(?:love|like|appreciate)\b|\bi\s+wish\b"
            r"|\bcould\s+we\b|\bit\s+would\s+(?:really\s+)?(?:help|mean)\b"
        ),
    ),
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


class AnswerProblem(UserFacingError):
    """An answer the member is asked to change; ``key`` and ``values`` name the message
    (under ``reviews.``) the cog shows, so the wording stays in messages.json."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True, slots=True)
class Appreciations:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reflections:
    went_well: str
    to_work_on: str
    cared_for: str


@dataclass(frozen=True, slots=True)
class Answers:
    """Everything one partner shared in a round, in the prompts' order."""

    appreciations: tuple[str, ...]
    went_well: str
    to_work_on: str
    cared_for: str

    @classmethod
    def of(cls, appreciations: Appreciations, reflections: Reflections) -> Answers:
        return cls(
            appreciations.items,
            reflections.went_well,
            reflections.to_work_on,
            reflections.cared_for,
        )

    def as_dict(self) -> dict[str, object]:
        """Keyed by prompt id: the shape that is sealed and exported."""
        return {
            APPRECIATIONS: list(self.appreciations),
            WENT_WELL: self.went_well,
            TO_WORK_ON: self.to_work_on,
            CARED_FOR: self.cared_for,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Answers:
        items = data[APPRECIATIONS]
        if not isinstance(items, list):
            raise TypeError("appreciations are stored as a list")
        return cls(
            tuple(str(item) for item in items),
            str(data[WENT_WELL]),
            str(data[TO_WORK_ON]),
            str(data[CARED_FOR]),
        )


def missing_parts(text: str) -> tuple[str, ...]:
    """Which parts of "I felt … when … I'd love …" the text lacks altogether (in that order)."""
    plain = " ".join(text.translate(_APOSTROPHES).lower().split())
    return tuple(name for name, pattern in _PARTS if not pattern.search(plain))


def clean_appreciations(boxes: Sequence[str | None], prompts: ReviewPrompts) -> Appreciations:
    """The appreciations typed, empty boxes dropped; one to five, each within its length."""
    prompt = prompts.get(APPRECIATIONS)
    typed = [box for box in boxes if box is not None and box.strip()]
    if len(typed) < prompt.min_items:
        raise AnswerProblem("appreciations_none")
    if len(typed) > prompt.max_items:
        raise AnswerProblem("appreciations_too_many", count=len(typed))
    return Appreciations(
        tuple(
            clean_user_text(box, max_chars=prompt.max_length, what="That appreciation")
            for box in typed
        )
    )


def clean_reflections(
    went_well: str, to_work_on: str, cared_for: str, prompts: ReviewPrompts
) -> Reflections:
    """The three reflections, each cleaned; the thing to work on checked for its shape."""
    cleaned = Reflections(
        clean_user_text(
            went_well, max_chars=prompts.get(WENT_WELL).max_length, what="What went well"
        ),
        clean_user_text(
            to_work_on, max_chars=prompts.get(TO_WORK_ON).max_length, what="The thing to work on"
        ),
        clean_user_text(cared_for, max_chars=prompts.get(CARED_FOR).max_length, what="Your answer"),
    )
    missing = missing_parts(cleaned.to_work_on)
    if missing:
        raise AnswerProblem("shape_missing", missing=missing)
    return cleaned


def shape_message_keys(missing: Sequence[str]) -> list[str]:
    """The message keys (under ``reviews.``) naming each missing part, for the cog to join
    with ``shape_and``."""
    names = {FEELING: "shape_feeling", MOMENT: "shape_moment", WISH: "shape_wish"}
    return [names[part] for part in missing]
