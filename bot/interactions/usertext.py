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
        kept.append(char)
    lines = [" ".join(line.split()) for line in "".join(kept).split("\n")]
    cleaned = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()
    if not cleaned:
        raise TextError(f"{what} is empty — please write something.")
    if not _MENTION.sub("", cleaned).strip(" \n,.;:!?-"):
        raise TextError(f"{what} has only mentions in it — please write some words too.")
    if len(cleaned) > max_chars:
        raise TextError(
            f"{what} is {len(cleaned)} characters long; the limit is {max_chars}. "
            "Could you shorten it a little?"
        )
    return cleaned
