"""The /help catalogue as plain data, cut to fit Discord's embed limits.

No discord import: the cog turns the command tree into :class:`Section`s and this module
lays them out, so the layout can be tested with plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.interactions.embed_limits import (
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    EMBEDS_PER_MESSAGE,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FIELDS_PER_EMBED,
    embed_size,
)

ADMIN_BADGE = "🛡️"


@dataclass(frozen=True, slots=True)
class Entry:
    """One command as a user types it."""

    usage: str  # e.g. "/question schedule"
    description: str
    admin: bool = False

    def line(self) -> str:
        badge = f" {ADMIN_BADGE}" if self.admin else ""
        return f"`{self.usage}`{badge} — {self.description}"


@dataclass(frozen=True, slots=True)
class Section:
    """A feature: a slash-command group or the top-level commands of one cog."""

    title: str
    entries: tuple[Entry, ...]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fields(section: Section, continued: str) -> list[dict[str, Any]]:
    """A section as one or more fields, never splitting a line."""
    fields: list[dict[str, Any]] = []
    chunk: list[str] = []
    for entry in section.entries:
        line = _clip(entry.line(), FIELD_VALUE_LIMIT)
        if chunk and len("\n".join([*chunk, line])) > FIELD_VALUE_LIMIT:
            fields.append({"name": "", "value": "\n".join(chunk), "inline": False})
            chunk = []
        chunk.append(line)
    if chunk:
        fields.append({"name": "", "value": "\n".join(chunk), "inline": False})
    for index, field in enumerate(fields):
        name = section.title if index == 0 else f"{section.title} ({continued})"
        field["name"] = _clip(name, FIELD_NAME_LIMIT)
    return fields


def build_messages(
    sections: Sequence[Section], *, title: str, intro: str, footer: str, continued: str
) -> list[list[dict[str, Any]]]:
    """Embeds (as dicts for ``discord.Embed.from_dict``) grouped into messages.

    Each embed stays within 25 fields; each message within 10 embeds and 6000 characters
    in all. Almost always this is a single message with a single embed.
    """
    title = _clip(title, FIELD_NAME_LIMIT)
    embeds: list[dict[str, Any]] = [
        {"title": title, "description": _clip(intro, DESCRIPTION_LIMIT), "fields": []}
    ]
    for section in sections:
        for field in _fields(section, continued):
            current = embeds[-1]
            too_many = len(current["fields"]) >= FIELDS_PER_EMBED
            too_big = embed_size(current) + len(field["name"]) + len(field["value"]) > (
                EMBED_TOTAL_LIMIT - len(footer)
            )
            if too_many or too_big:
                current = {"title": _clip(f"{title} ({continued})", FIELD_NAME_LIMIT), "fields": []}
                embeds.append(current)
            current["fields"].append(field)
    embeds[-1]["footer"] = {"text": footer}

    messages: list[list[dict[str, Any]]] = [[]]
    for embed in embeds:
        message = messages[-1]
        if message and (
            len(message) >= EMBEDS_PER_MESSAGE
            or sum(embed_size(e) for e in message) + embed_size(embed) > EMBED_TOTAL_LIMIT
        ):
            message = []
            messages.append(message)
        message.append(embed)
    return messages
