"""Rules Discord enforces that its OpenAPI spec does not describe.

The spec gives each embed field its own maximum length, but not the rule that all the
embeds of one message together hold at most 6,000 characters, that two components of one
message (or modal) never share a ``custom_id``, or that ``allowed_mentions`` may not both
parse users (or roles) and list them. Discord answers each with 400 code 50035, and so does
the fake.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .audit import custom_ids
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


def _invalid(field: str, code: str, message: str) -> DiscordError:
    return DiscordError(
        400,
        50035,
        "Invalid Form Body",
        errors={field: {"_errors": [{"code": code, "message": message}]}},
    )


def check_components(components: Any) -> None:
    """Refuse two components with the same ``custom_id`` in one message or modal."""
    seen: set[str] = set()
    for custom_id in custom_ids(components):
        if custom_id in seen:
            raise _invalid(
                "components",
                "COMPONENT_CUSTOM_ID_DUPLICATED",
                f"Component custom id cannot be duplicated: {custom_id}",
            )
        seen.add(custom_id)


def check_allowed_mentions(allowed: Any) -> None:
    """Refuse ``parse`` naming users (roles) together with a list of users (roles)."""
    if not isinstance(allowed, Mapping):
        return
    parse = allowed.get("parse") or []
    for kind in ("users", "roles"):
        if kind in parse and allowed.get(kind):
            raise _invalid(
                "allowed_mentions",
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.',
            )


def check_message(body: Mapping[str, Any]) -> None:
    """Every rule above that a message body (a create, an edit, a response) can break."""
    embeds = [*(body.get("embeds") or []), *([body["embed"]] if body.get("embed") else [])]
    check_embeds(embeds)
    check_components(body.get("components"))
    check_allowed_mentions(body.get("allowed_mentions"))


def check_embeds(embeds: Iterable[Any]) -> None:
    """Refuse a message whose embeds hold more than 6,000 characters in all, as Discord does."""
    total = sum(embed_characters(e) for e in embeds if isinstance(e, Mapping))
    if total > EMBED_TOTAL_LIMIT:
        raise _invalid(
            "embeds",
            "MAX_EMBED_SIZE_EXCEEDED",
            f"Embed size exceeds maximum size of {EMBED_TOTAL_LIMIT}",
        )
