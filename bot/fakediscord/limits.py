"""Limits Discord enforces that its OpenAPI spec does not describe.

The spec gives each embed field its own maximum length, but not the rule that all the
embeds of one message together hold at most 6,000 characters; Discord answers a message
over that with 400 code 50035, and so does the fake.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .faults import DiscordError

EMBED_TOTAL_LIMIT = 6000


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def embed_characters(embed: Mapping[str, Any]) -> int:
    """What Discord counts: title, description, field names and values, footer text and
    author name."""
    footer = embed.get("footer")
    author = embed.get("author")
    total = len(_text(embed.get("title"))) + len(_text(embed.get("description")))
    total += len(_text(footer.get("text"))) if isinstance(footer, Mapping) else 0
    total += len(_text(author.get("name"))) if isinstance(author, Mapping) else 0
    for field in embed.get("fields") or []:
        if isinstance(field, Mapping):
            total += len(_text(field.get("name"))) + len(_text(field.get("value")))
    return total


def check_embeds(embeds: Iterable[Any]) -> None:
    """Refuse a message whose embeds hold more than 6,000 characters in all, as Discord does."""
    total = sum(embed_characters(e) for e in embeds if isinstance(e, Mapping))
    if total > EMBED_TOTAL_LIMIT:
        raise DiscordError(
            400,
            50035,
            "Invalid Form Body",
            errors={
                "embeds": {
                    "_errors": [
                        {
                            "code": "MAX_EMBED_SIZE_EXCEEDED",
                            "message": f"Embed size exceeds maximum size of {EMBED_TOTAL_LIMIT}",
                        }
                    ]
                }
            },
        )
