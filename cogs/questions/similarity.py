"""When are two questions "the same question"? Used for the shipped bank and suggestions.

The bank's test refuses near-duplicates with this very check, and ``/question suggest``
refuses a suggestion that is a near-duplicate of a question the server already has, showing
the match. Pure: plain strings in, plain answers out.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Words that carry no meaning of their own in a question; two questions that differ only in
# these are the same question.
_STOPWORDS = frozenset(
    str.split(
        """
    a an the and or but if of to in on at for with about from by as into than then so
    is are was were be been being am do does did doing have has had having will would
    shall should can could may might must what which who whom whose when where why how
    that this these those there here it its i me my mine myself you your yours yourself
    we us our ours they them their he him his she her hers one ones some any
    ever just really very most more much many something someone anything anyone
    """
    )
)
_WORD = re.compile(r"[a-z0-9']+")

RATIO_THRESHOLD = 0.85  # character-level likeness of the whole question
OVERLAP_THRESHOLD = 0.75  # share of meaningful words in common
MIN_WORDS_FOR_OVERLAP = 3


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_WORD.findall(folded.replace("’", "'")))


def _stem(word: str) -> str:
    for suffix in ("'s", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def meaningful_words(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in normalise(text).split() if w not in _STOPWORDS)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A text made ready for comparing (normalise once, compare many times)."""

    norm: str
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Prepared:
        return cls(normalise(text), meaningful_words(text))


def similar(a: Prepared, b: Prepared) -> bool:
    """Near-duplicates: the same words in all but a few places, or nearly the same
    meaningful words in any order."""
    if a.norm == b.norm:
        return True
    enough_words = min(len(a.words), len(b.words)) >= MIN_WORDS_FOR_OVERLAP
    if enough_words and len(a.words & b.words) / len(a.words | b.words) >= OVERLAP_THRESHOLD:
        return True
    if not a.norm or not b.norm:
        return False
    matcher = difflib.SequenceMatcher(None, a.norm, b.norm, autojunk=False)
    # The quick upper bounds skip the exact ratio for most pairs of a large bank.
    return (
        matcher.real_quick_ratio() >= RATIO_THRESHOLD
        and matcher.quick_ratio() >= RATIO_THRESHOLD
        and matcher.ratio() >= RATIO_THRESHOLD
    )


def near_duplicate(first: str, second: str) -> bool:
    return similar(Prepared.of(first), Prepared.of(second))


@dataclass(frozen=True, slots=True)
class Match:
    key: str
    text: str


def find_near_duplicate(text: str, candidates: Iterable[tuple[str, str]]) -> Match | None:
    """The first (key, text) candidate that is a near-duplicate of ``text``."""
    mine = Prepared.of(text)
    for key, other in candidates:
        if similar(mine, Prepared.of(other)):
            return Match(key, other)
    return None


def near_duplicate_pairs(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every pair of keys whose texts are near-duplicates (for checking a whole bank)."""
    prepared = [(key, Prepared.of(text)) for key, text in items]
    return [
        (key_a, key_b)
        for i, (key_a, a) in enumerate(prepared)
        for key_b, b in prepared[i + 1 :]
        if similar(a, b)
    ]
