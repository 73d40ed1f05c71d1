"""What the memory jar shows, as plain embed data: a kept moment for /challenge memories and
the "A year ago today…" post.

Pure, so the layout and Discord's limits are tested without a connection (the author's words
go through :func:`bot.interactions.embed_limits.fit`). The author is named by a mention,
which renders as their current name for whoever reads it; every send of these disables
mentions, so it never pings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.interactions.embed_limits import fit
from cogs.challenges.render import Text

MEMORY_COLOUR = 0xF6BD60


def _when(instant: datetime) -> str:
    """A date each reader sees in their own locale and zone."""
    return f"<t:{int(instant.timestamp())}:D>"


def memory_embed(
    messages: Text, *, words: str, challenge: str, user_id: int, done_at: datetime
) -> dict[str, Any]:
    """One kept moment: the author's words, who and when, and the challenge it was for."""
    return fit(
        {
            "type": "rich",
            "title": messages("memory_title"),
            "description": words,
            "color": MEMORY_COLOUR,
            "fields": [
                {
                    "name": messages("memory_field_who"),
                    "value": messages("memory_who", member=f"<@{user_id}>", date=_when(done_at)),
                    "inline": False,
                },
                {"name": messages("memory_field_challenge"), "value": challenge, "inline": False},
            ],
        }
    )


def anniversary_embed(
    messages: Text, *, words: str, challenge: str, user_id: int, done_at: datetime
) -> dict[str, Any]:
    """The first anniversary of a kept moment, posted in the challenge's channel."""
    embed = memory_embed(
        messages, words=words, challenge=challenge, user_id=user_id, done_at=done_at
    )
    embed["title"] = messages("memory_anniversary_title")
    embed["footer"] = {"text": messages("memory_anniversary_footer")}
    return fit(embed)
