"""What a question post and a posted answer look like, as plain embed data.

Pure, so the wording and Discord's limits (title 256, description 4096, field 1024,
thread name 100, button label 80) are tested without a connection. The cog turns these
dictionaries into ``discord.Embed`` objects.
"""

from __future__ import annotations

from typing import Any

from cogs.questions.bank import DEPTH_NAMES

POST_COLOUR = 0xF4A261
ANSWER_COLOUR = 0xE9C46A
THREAD_NAME_MAX = 100
ANONYMOUS = "Anonymous"


def category_label(category: str) -> str:
    return category.replace("_", " ").capitalize()


def depth_label(depth: int) -> str:
    return f"{depth} · {DEPTH_NAMES[depth]}"


def post_embed(*, number: int, text: str, category: str, depth: int, footer: str) -> dict[str, Any]:
    return {
        "type": "rich",
        "title": f"Question #{number}",
        "description": text,
        "color": POST_COLOUR,
        "fields": [
            {"name": "Category", "value": category_label(category), "inline": True},
            {"name": "Depth", "value": depth_label(depth), "inline": True},
        ],
        "footer": {"text": footer[:2048]},
    }


def thread_name(number: int, text: str) -> str:
    name = f"#{number} · {text}"
    if len(name) <= THREAD_NAME_MAX:
        return name
    return name[: THREAD_NAME_MAX - 1].rstrip() + "…"


def answer_embed(*, author: str | None, text: str, edited: bool = False) -> dict[str, Any]:
    """``author`` None means anonymous: nothing about the author appears anywhere."""
    embed: dict[str, Any] = {
        "type": "rich",
        "author": {"name": (author or ANONYMOUS)[:256]},
        "description": text[:4096],
        "color": ANSWER_COLOUR,
    }
    if edited:
        embed["footer"] = {"text": "edited"}
    return embed


def validate_label(count: int) -> str:
    return "That makes sense" if count == 0 else f"That makes sense · {count}"
