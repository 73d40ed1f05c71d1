"""What a challenge post and a posted completion look like, as plain embed data.

Pure, so the layout and Discord's limits are tested without a connection: member text goes
through :func:`bot.interactions.embed_limits.fit`. The words come from
``data/challenges/messages.json`` through a :class:`Text`; the cog turns these dictionaries
into ``discord.Embed`` objects.
"""

from __future__ import annotations

from typing import Any, Protocol

from bot.interactions.embed_limits import clip, fit

POST_COLOUR = 0xF28482
COMPLETION_COLOUR = 0x84A59D
THREAD_NAME_MAX = 100


class Text(Protocol):
    """One of the feature's messages, filled in (the cog's ``text``)."""

    def __call__(self, key: str, /, **values: object) -> str: ...


def kind_label(messages: Text, kind: str) -> str:
    return messages(f"kind_{kind}")


def post_embed(
    messages: Text, *, number: int, text: str, kind: str, depth: int, size: str
) -> dict[str, Any]:
    return fit(
        {
            "type": "rich",
            "title": messages("post_title", number=number, kind=kind_label(messages, kind)),
            "description": text,
            "color": POST_COLOUR,
            "fields": [
                {
                    "name": messages("field_kind"),
                    "value": kind_label(messages, kind),
                    "inline": True,
                },
                {
                    "name": messages("field_depth"),
                    "value": messages(f"depth_{depth}"),
                    "inline": True,
                },
                {"name": messages("field_size"), "value": messages(f"size_{size}"), "inline": True},
            ],
            "footer": {"text": messages("post_footer")},
        }
    )


def thread_name(messages: Text, number: int, kind: str) -> str:
    return clip(
        messages("thread_name", number=number, kind=kind_label(messages, kind)), THREAD_NAME_MAX
    )


def completion_embed(
    messages: Text, *, author: str, note: str | None, edited: bool = False
) -> dict[str, Any]:
    """The author's display name, and their note (or a cheer when they left none)."""
    embed: dict[str, Any] = {
        "type": "rich",
        "author": {"name": messages("completion_author", name=author)},
        "description": note or messages("completion_no_note"),
        "color": COMPLETION_COLOUR,
    }
    if edited:
        embed["footer"] = {"text": messages("completion_edited_footer")}
    return fit(embed)


def laugh_label(messages: Text, count: int) -> str:
    return messages("button_laugh_count", count=count) if count else messages("button_laugh")


def keep_label(messages: Text, kept: bool) -> str:
    return messages("button_kept" if kept else "button_keep")
