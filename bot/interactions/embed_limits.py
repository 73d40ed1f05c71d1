"""Discord's embed limits, and how to keep an embed (as a dict) within them.

Discord refuses a whole message when one part of one embed is too long, or when its embeds
hold more than 6,000 characters in all, and the member then sees nothing but an error. A
feature whose embed holds member text or lists of any length passes it through :func:`fit`
(one embed, cut where it must be, with an ellipsis) or :func:`pack` (several embeds,
grouped into as many messages as they need). Pure: no discord import; the discord.py
wrappers are in :mod:`bot.interactions.embeds`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELDS_PER_EMBED = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_NAME_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
ELLIPSIS = "…"

_LAST_SPACE = re.compile(r"\s+\S*$")


def clip(text: str, limit: int) -> str:
    """``text`` if it fits, else cut to ``limit`` characters ending in an ellipsis.

    The cut falls between words when one ends in the second half, so a list of mentions or
    a sentence is never cut through the middle of a mention or a word.
    """
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    head = text[: limit - len(ELLIPSIS)]
    between_words = _LAST_SPACE.sub("", head)
    if len(between_words) >= limit // 2 and text[len(head) : len(head) + 1].strip():
        head = between_words
    return head.rstrip() + ELLIPSIS


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def embed_size(embed: Mapping[str, Any]) -> int:
    """The characters Discord counts toward 6,000: title, description, field names and
    values, footer text and author name."""
    size = len(_text(embed.get("title"))) + len(_text(embed.get("description")))
    footer, author = embed.get("footer"), embed.get("author")
    size += len(_text(footer.get("text"))) if isinstance(footer, Mapping) else 0
    size += len(_text(author.get("name"))) if isinstance(author, Mapping) else 0
    return size + sum(
        len(_text(f.get("name"))) + len(_text(f.get("value")))
        for f in embed.get("fields") or []
        if isinstance(f, Mapping)
    )


def fit(embed: Mapping[str, Any], total: int = EMBED_TOTAL_LIMIT) -> dict[str, Any]:
    """A copy of ``embed`` within every limit and within ``total`` characters.

    Each part is cut to its own limit and fields past the 25th are dropped; if it is still
    too big, the description is shortened first, then the last fields are dropped.
    """
    fitted: dict[str, Any] = dict(embed)
    for key, limit in (("title", TITLE_LIMIT), ("description", DESCRIPTION_LIMIT)):
        if isinstance(fitted.get(key), str):
            fitted[key] = clip(fitted[key], limit)
    for key, inner, limit in (
        ("footer", "text", FOOTER_LIMIT),
        ("author", "name", AUTHOR_NAME_LIMIT),
    ):
        part = fitted.get(key)
        if isinstance(part, Mapping) and isinstance(part.get(inner), str):
            fitted[key] = {**part, inner: clip(part[inner], limit)}
    if "fields" in fitted:
        fitted["fields"] = [
            {
                **field,
                "name": clip(_text(field.get("name")), FIELD_NAME_LIMIT),
                "value": clip(_text(field.get("value")), FIELD_VALUE_LIMIT),
            }
            for field in list(fitted["fields"] or [])[:FIELDS_PER_EMBED]
        ]
    excess = embed_size(fitted) - total
    description = _text(fitted.get("description"))
    if excess > 0 and description:
        kept = len(description) - excess
        if kept > len(ELLIPSIS):
            fitted["description"] = clip(description, kept)
        else:
            fitted.pop("description")
    while embed_size(fitted) > total and fitted.get("fields"):
        fitted["fields"] = fitted["fields"][:-1]
    return fitted


def pack(embeds: Sequence[Mapping[str, Any]]) -> list[list[dict[str, Any]]]:
    """Every embed (each fitted) in order, grouped into messages of at most ten embeds and
    6,000 characters each; always at least one message."""
    messages: list[list[dict[str, Any]]] = [[]]
    for embed in embeds:
        fitted = fit(embed)
        current = messages[-1]
        too_many = len(current) >= EMBEDS_PER_MESSAGE
        too_big = sum(embed_size(e) for e in current) + embed_size(fitted) > EMBED_TOTAL_LIMIT
        if current and (too_many or too_big):
            current = []
            messages.append(current)
        current.append(fitted)
    return messages


def field_pages(
    title: str, fields: Sequence[tuple[str, str]], *, colour: int
) -> list[dict[str, Any]]:
    """A list (of schedules, of anything) as many embeds as it takes, each one a message of
    its own: 25 fields and 6,000 characters at most, the title on the first, every name and
    value cut to its limit."""
    pages: list[dict[str, Any]] = [
        {"type": "rich", "title": clip(title, TITLE_LIMIT), "color": colour, "fields": []}
    ]
    for name, value in fields:
        field: dict[str, Any] = {
            "name": clip(name, FIELD_NAME_LIMIT),
            "value": clip(value, FIELD_VALUE_LIMIT),
            "inline": False,
        }
        page = pages[-1]
        grown = embed_size(page) + len(field["name"]) + len(field["value"])
        if page["fields"] and (
            len(page["fields"]) >= FIELDS_PER_EMBED or grown > EMBED_TOTAL_LIMIT
        ):
            page = {"type": "rich", "color": colour, "fields": []}
            pages.append(page)
        page["fields"].append(field)
    return pages
