"""What a question post and a posted answer look like, as plain embed data.

Pure, so the layout and Discord's limits (title 256, description 4096, field 1024,
thread name 100, button label 80) are tested without a connection. The words come from
``data/questions/messages.json`` through a :class:`Text`; the cog turns these dictionaries
into ``discord.Embed`` objects.
"""

from __future__ import annotations

from typing import Any, Protocol

from cogs.questions.bank import DEPTH_NAMES

POST_COLOUR = 0xF4A261
ANSWER_COLOUR = 0xE9C46A
LIST_COLOUR = 0xE67E22
THREAD_NAME_MAX = 100
EMBED_TOTAL_MAX = 6000


class Text(Protocol):
    """One of the feature's messages, filled in (the cog's ``text``)."""

    def __call__(self, key: str, /, **values: object) -> str: ...


def category_label(category: str) -> str:
    return category.replace("_", " ").capitalize()


def depth_label(depth: int) -> str:
    return f"{depth} · {DEPTH_NAMES[depth]}"


def post_embed(
    messages: Text, *, number: int, text: str, category: str, depth: int
) -> dict[str, Any]:
    return {
        "type": "rich",
        "title": messages("post_title", number=number),
        "description": text,
        "color": POST_COLOUR,
        "fields": [
            {"name": messages("field_category"), "value": category_label(category), "inline": True},
            {"name": messages("field_depth"), "value": depth_label(depth), "inline": True},
        ],
        "footer": {"text": messages("post_footer")[:2048]},
    }


def thread_name(number: int, text: str) -> str:
    name = f"#{number} · {text}"
    if len(name) <= THREAD_NAME_MAX:
        return name
    return name[: THREAD_NAME_MAX - 1].rstrip() + "…"


def answer_embed(
    messages: Text, *, author: str | None, text: str, edited: bool = False
) -> dict[str, Any]:
    """``author`` None means anonymous: nothing about the author appears anywhere."""
    embed: dict[str, Any] = {
        "type": "rich",
        "author": {"name": (author or messages("anonymous_author"))[:256]},
        "description": text[:4096],
        "color": ANSWER_COLOUR,
    }
    if edited:
        embed["footer"] = {"text": messages("answer_edited_footer")}
    return embed


def validate_label(messages: Text, count: int) -> str:
    if count == 0:
        return messages("button_validate")
    return messages("button_validate_count", count=count)


def embed_size(embed: dict[str, Any]) -> int:
    """The characters Discord counts toward an embed's 6,000: every title, description,
    field name and value, footer and author name."""
    size = len(embed.get("title", "")) + len(embed.get("description", ""))
    size += len(embed.get("footer", {}).get("text", ""))
    size += len(embed.get("author", {}).get("name", ""))
    return size + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
