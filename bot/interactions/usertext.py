"""Free text members type (a boundary card, an answer, a note), cleaned and checked once.

Kindred always sends user text with mentions disabled, so nobody is ever pinged; this
module refuses what would still look wrong or be empty once shown: nothing but
whitespace or invisible characters, nothing but mentions, or more than Discord allows.
"""

from __future__ import annotations

import re
import unicodedata

from bot.interactions.user_error import UserFacingError

_MENTION = re.compile(r"@(?:everyone|here)|<@[!&]?\d+>|<#\d+>", re.IGNORECASE)
_BLANK_RUN = re.compile(r"\n{3,}")
_MENTION_GLUE = frozenset(",.;:!?-")

#: Code points that render as nothing or as a blank although they are not whitespace:
#: Unicode's default-ignorable code points (the Hangul fillers U+115F, U+1160, U+3164 and
#: U+FFA0, the grapheme joiner, variation selectors, Khmer and Mongolian invisibles, the
#: musical formatting controls, tag characters) and symbols drawn empty (the braille blank,
#: the musical null notehead, the Khitan filler). Text made only of these would look empty.
_INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x16FE4, 0x16FE4),
    (0x1BCA0, 0x1BCA3),
    (0x1D159, 0x1D159),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


class TextError(UserFacingError):
    """Free text we cannot accept, with a sentence that says why."""


def clean_user_text(text: str, *, max_chars: int, what: str = "Your text") -> str:
    """The text with invisible characters removed and spacing tidied; or a clear refusal.

    ``what`` names the text in the error ("Your card", "Your answer").
    """
    kept: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if category == "Cf":  # zero-width spaces and joiners, bidi overrides
            continue
        if category == "Cc" and char not in "\n\t":
            continue
        if category == "Cs":  # a lone surrogate cannot even be stored or sent
            continue
        kept.append(char)
    lines = [" ".join(line.split()) for line in "".join(kept).split("\n")]
    cleaned = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()
    if not any(shows(char) for char in cleaned):
        raise TextError(f"{what} is empty — please write something.")
    if not any(shows(c) and c not in _MENTION_GLUE for c in _MENTION.sub("", cleaned)):
        raise TextError(f"{what} has only mentions in it — please write some words too.")
    if len(cleaned) > max_chars:
        raise TextError(
            f"{what} is {len(cleaned)} characters long; the limit is {max_chars}. "
            "Could you shorten it a little?"
        )
    return cleaned


def shows(char: str) -> bool:
    """Whether a character shows as something on its own.

    Whitespace, separators, controls, default-ignorable and blank-drawn characters show
    nothing; a combining mark needs a base to sit on. Everything else (letters, digits,
    symbols, emoji, even unassigned code points, which show as a box) shows.
    """
    if char.isspace():
        return False
    code = ord(char)
    if any(low <= code <= high for low, high in _INVISIBLE_RANGES):
        return False
    category = unicodedata.category(char)
    return category[0] not in "ZM" and category not in ("Cc", "Cf", "Cs")
