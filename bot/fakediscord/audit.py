"""What the fake notices in everything the bot sends, for every test that uses it.

Two promises are easy to break without any test asking about them:

- a ``custom_id`` is visible to every client, so it must never carry a member's id (an
  anonymous author's, a note's sender's): :attr:`Audit.custom_id_leaks`;
- user text must never ping anyone: :attr:`Audit.pings` holds every ``@everyone``,
  ``@here``, ``<@id>`` and ``<@&id>`` in a message's content or embeds that the message's
  ``allowed_mentions`` would let through, by Discord's rules (no ``allowed_mentions`` at all
  lets everything through, and a reply pings its author). It is stricter than Discord in
  one way: mentions in embeds count too (Discord never pings from an embed, but text moved
  from an embed to the content would start to). A ping the bot names on purpose, its id
  listed in ``allowed_mentions.users`` or ``.roles`` (the role an admin chose to ping), is
  kept apart in :attr:`Audit.deliberate_pings`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .state import World

_MENTION = re.compile(r"@(?P<everyone>everyone|here)|<@!?(?P<user>\d+)>|<@&(?P<role>\d+)>")


@dataclass(frozen=True, slots=True)
class CustomIdLeak:
    """A component whose ``custom_id`` names a user."""

    where: str
    custom_id: str
    user: str

    def __str__(self) -> str:
        return f"{self.where}: custom_id {self.custom_id!r} carries the id of {self.user}"


@dataclass(frozen=True, slots=True)
class Ping:
    """A mention that would notify someone."""

    where: str
    mention: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.mention} would ping ({self.why})"


def custom_ids(value: Any) -> Iterator[str]:
    """Every ``custom_id`` anywhere in a component tree (rows, labels, sections, modals)."""
    if isinstance(value, Mapping):
        if isinstance(value.get("custom_id"), str):
            yield value["custom_id"]
        for item in value.values():
            if isinstance(item, Mapping | list):
                yield from custom_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from custom_ids(item)


def _embed_texts(embed: Mapping[str, Any]) -> Iterator[str]:
    for key in ("title", "description"):
        if isinstance(embed.get(key), str):
            yield embed[key]
    for key, inner in (("footer", "text"), ("author", "name")):
        part = embed.get(key)
        if isinstance(part, Mapping) and isinstance(part.get(inner), str):
            yield part[inner]
    for field in embed.get("fields") or []:
        if isinstance(field, Mapping):
            yield from (str(field.get(k) or "") for k in ("name", "value"))


def message_texts(body: Mapping[str, Any]) -> Iterator[str]:
    """The content and every embed text of a message body."""
    if isinstance(body.get("content"), str):
        yield body["content"]
    embeds = list(body.get("embeds") or [])
    if isinstance(body.get("embed"), Mapping):
        embeds.append(body["embed"])
    for embed in embeds:
        if isinstance(embed, Mapping):
            yield from _embed_texts(embed)


def _ids(values: Any) -> set[int]:
    found: set[int] = set()
    for value in values if isinstance(values, list) else []:
        try:
            found.add(int(value))
        except (TypeError, ValueError):
            continue
    return found


class _Allowed:
    """A message's ``allowed_mentions``, read by Discord's rules."""

    def __init__(self, allowed: Any) -> None:
        self.missing = not isinstance(allowed, Mapping)
        spec: Mapping[str, Any] = allowed if isinstance(allowed, Mapping) else {}
        parse = spec.get("parse")
        self.parse = {str(p) for p in parse} if isinstance(parse, list) else set()
        self.users = _ids(spec.get("users"))
        self.roles = _ids(spec.get("roles"))
        self.replied_user = bool(spec.get("replied_user"))

    def judge(self, kind: str, target: int | None) -> tuple[bool, bool, str]:
        """(pings, on purpose, why) for one mention."""
        if self.missing:
            return True, False, "no allowed_mentions"
        if kind == "everyone":
            return "everyone" in self.parse, False, "allowed_mentions.parse has 'everyone'"
        named, parsed = (self.users, "users") if kind == "user" else (self.roles, "roles")
        if target in named:
            return True, True, f"listed in allowed_mentions.{parsed}"
        return parsed in self.parse, False, f"allowed_mentions.parse has {parsed!r}"


class Audit:
    """Findings about what the bot sent; a test asserts :attr:`problems` is empty."""

    def __init__(self, world: World) -> None:
        self._world = world
        self.custom_id_leaks: list[CustomIdLeak] = []
        self.pings: list[Ping] = []
        self.deliberate_pings: list[Ping] = []

    @property
    def problems(self) -> list[str]:
        return [str(finding) for finding in (*self.custom_id_leaks, *self.pings)]

    def report(self) -> str:
        """A readable account of every problem, for a failing assertion."""
        lines = ["the fake Discord saw what Discord would make public or noisy:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)

    def clear(self) -> None:
        self.custom_id_leaks.clear()
        self.pings.clear()
        self.deliberate_pings.clear()

    def inspect(
        self, where: str, body: Mapping[str, Any], *, replied_author: int | None = None
    ) -> None:
        """Look at a message body the bot sent (a create, an edit, an interaction response)."""
        self.inspect_components(where, body.get("components"))
        self._inspect_mentions(where, body, replied_author)

    def inspect_components(self, where: str, components: Any) -> None:
        people = {u.id: u for u in self._world.users.values() if not u.bot}
        for custom_id in custom_ids(components):
            for user_id, user in people.items():
                if str(user_id) in custom_id:
                    name = f"user {user.username} ({user_id})"
                    self.custom_id_leaks.append(CustomIdLeak(where, custom_id, name))

    def _inspect_mentions(
        self, where: str, body: Mapping[str, Any], replied_author: int | None
    ) -> None:
        allowed = _Allowed(body.get("allowed_mentions"))
        bots = {u.id for u in self._world.users.values() if u.bot}
        for text in message_texts(body):
            for match in _MENTION.finditer(text):
                if match["everyone"]:
                    kind, target = "everyone", None
                elif match["user"]:
                    kind, target = "user", int(match["user"])
                    if target in bots:
                        continue
                else:
                    kind, target = "role", int(match["role"])
                self._record(where, match.group(0), allowed.judge(kind, target))
        reply_pings = allowed.missing or allowed.replied_user
        if replied_author is not None and replied_author not in bots and reply_pings:
            why = "allowed_mentions.replied_user" if allowed.replied_user else "a reply"
            self._record(where, f"<@{replied_author}>", (True, allowed.replied_user, why))

    def _record(self, where: str, mention: str, verdict: tuple[bool, bool, str]) -> None:
        pings, deliberate, why = verdict
        if not pings:
            return
        (self.deliberate_pings if deliberate else self.pings).append(Ping(where, mention, why))
