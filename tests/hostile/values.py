"""Hostile values for each kind of slash-command option, as a raw client could send them.

Discord's client keeps members inside an option's declaration; a modified client, a bot
or a replayed payload does not. So strings include what only looks blank, markdown,
mentions, control characters and lengths at and over the limit; numbers go past min and
max; users, channels and roles come from other servers or from nowhere; choices are
anything but the declared ones.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from hypothesis import strategies as st

from bot.fakediscord.interactions import (
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
    NUMBER,
    ROLE,
    STRING,
    USER,
)
from tests.hostile.session import Cast

DISCORD_INTEGER = 2**53  # the largest integer an INTEGER option can carry
BLANK_LOOKING = ("\u3164", "\u2800", "\u115f", "\u1160", "\uffa0", "\u200b", "\u2060", "\ufeff")
FILLERS = frozenset("\u3164\u2800\u115f\u1160\uffa0\u17b4\u17b5\u180e")
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u202e", "\u2066", "\u00ad", "\x00", "\x1b", "\x7f")
MARKDOWN = (
    "**bold** __under__ ~~gone~~ ||secret||",
    "`code` ```py\nprint(1)\n```",
    "> quoted\n# Heading\n- item",
    "[click me](https://example.invalid/steal)",
    "\\*escaped\\*",
    "<t:0:R> <:emoji:123> <a:dance:456>",
)
TRICKS = (
    "",
    " ",
    "\n" * 40,
    "\t\r\n",
    "e\u0301" * 60,  # combining marks
    "👨\u200d👩\u200d👧\u200d👦" * 10,
    "%s %d {0} {name} {{}}",
    "'; DROP TABLE question_answers; --",
    "../../etc/passwd",
    "\ud7ff\ue000\uffff",
    "🌊" * 120,
    "ﷺ" * 30,
    "Europe/London",
    "off",
    "22:00-07:00",
)
_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
_UNICODE = st.text(
    alphabet=st.characters(exclude_categories=_SURROGATES),  # lone surrogates are not UTF-8
    max_size=60,
)


@dataclass(frozen=True)
class OptionSpec:
    """One option of a synced command, as Discord declares it."""

    name: str
    type: int
    required: bool
    choices: tuple[Any, ...] = ()
    autocomplete: bool = False
    min_value: float | None = None
    max_value: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    channel_types: tuple[int, ...] = ()

    @classmethod
    def from_payload(cls, option: dict[str, Any]) -> OptionSpec:
        return cls(
            name=option["name"],
            type=int(option["type"]),
            required=bool(option.get("required", False)),
            choices=tuple(c["value"] for c in option.get("choices") or ()),
            autocomplete=bool(option.get("autocomplete", False)),
            min_value=option.get("min_value"),
            max_value=option.get("max_value"),
            min_length=option.get("min_length"),
            max_length=option.get("max_length"),
            channel_types=tuple(option.get("channel_types") or ()),
        )

    def declared(self, value: Any) -> bool:
        """Whether Discord's own client could have sent ``value`` for this option."""
        if self.choices:
            return value in self.choices
        if self.type == STRING:
            shortest, longest = self.min_length or 0, self.max_length or 6000
            return isinstance(value, str) and shortest <= len(value) <= longest
        if self.type in (INTEGER, NUMBER):
            low = self.min_value if self.min_value is not None else -DISCORD_INTEGER
            high = self.max_value if self.max_value is not None else DISCORD_INTEGER
            return bool(low <= value <= high)
        return True


def looks_blank(text: str) -> bool:
    """Text with characters in it that all show as nothing: spaces, invisible format and
    control characters, and the Hangul and Braille fillers that render as blank."""
    shown = [
        c
        for c in text
        if c not in FILLERS and unicodedata.category(c) not in ("Zs", "Zl", "Zp", "Cc", "Cf")
    ]
    return bool(text) and not shown


def blank_looking() -> st.SearchStrategy[str]:
    """Text that shows as nothing at all, however long."""
    pieces = st.sampled_from((*BLANK_LOOKING, " ", "\n", "\t", "\u202e", "\u00a0"))
    return st.lists(pieces, min_size=1, max_size=40).map("".join).filter(looks_blank)


def mentions(cast: Cast) -> st.SearchStrategy[str]:
    guild = cast.world.guild
    return st.sampled_from(
        (
            "@everyone",
            "@here",
            "@\u200beveryone",
            f"<@{cast.member.id}>",
            f"<@!{cast.other.id}>",
            f"<@&{cast.plain_role.id}>",
            f"<@&{guild.id}>",
            f"<#{cast.world.general.id}>",
            "<@0> <@&99999999999999999999>",
        )
    )


def hostile_text(cast: Cast, max_length: int | None = None) -> st.SearchStrategy[str]:
    """Free text at its worst: pieces of every trick, glued together."""
    piece = st.one_of(
        _UNICODE,
        st.sampled_from(BLANK_LOOKING + INVISIBLE + MARKDOWN + TRICKS),
        mentions(cast),
    )
    glued = st.lists(piece, max_size=8).map("".join)
    limit = max_length or 100
    sized = st.sampled_from(("x", "\u3164", "😀", "a ", "@everyone ")).flatmap(
        lambda unit: st.sampled_from((1, limit - 1, limit, limit + 1, 4000, 6001)).map(
            lambda n: (unit * n)[: max(n, 0)]
        )
    )
    blank = st.lists(st.sampled_from((*BLANK_LOOKING, " ", "\n")), min_size=1, max_size=20)
    return st.one_of(glued, sized, blank.map("".join))


def hostile_number(spec: OptionSpec) -> st.SearchStrategy[Any]:
    low = int(spec.min_value) if spec.min_value is not None else -DISCORD_INTEGER
    high = int(spec.max_value) if spec.max_value is not None else DISCORD_INTEGER
    edges = [low - 1, low, high, high + 1, 0, -1, 2**31, -(2**31) - 1]
    edges += [DISCORD_INTEGER, -DISCORD_INTEGER]
    edges += [c - 1 for c in spec.choices if isinstance(c, int)]
    edges = [e for e in edges if -DISCORD_INTEGER <= e <= DISCORD_INTEGER]  # what Discord carries
    ints = st.one_of(
        st.sampled_from(edges), st.integers(min_value=-DISCORD_INTEGER, max_value=DISCORD_INTEGER)
    )
    if spec.type == NUMBER:
        return st.one_of(ints.map(float), st.floats(allow_nan=False, allow_infinity=False))
    return ints


@dataclass(frozen=True)
class Named:
    """A user, channel or role of the cast, shown by its part in a failing example."""

    label: str
    entity: Any

    def __repr__(self) -> str:
        return self.label


def resolve(values: dict[str, Any]) -> dict[str, Any]:
    """Option values as the fake takes them (the entity behind each label)."""
    return {k: v.entity if isinstance(v, Named) else v for k, v in values.items()}


def _named(cast: Cast, *labels: str) -> st.SearchStrategy[Named]:
    return st.sampled_from([Named(label, cast.entity(label)) for label in labels])


def entities(cast: Cast, kind: int) -> st.SearchStrategy[Any]:
    """Users, channels, roles: the right ones, the wrong kind, other servers' (all of them
    resolved, as Discord sends them; ids Discord left unresolved are :func:`unresolved`)."""
    users = ("member", "other", "admin", "stranger", "elsewhere", "robot", "kindred")
    channels = ("general", "daily", "thread", "category", "foreign_channel")
    roles = ("plain_role", "everyone_role", "foreign_role", "admin_role", "kindred_role")
    if kind == USER:
        return _named(cast, *users)
    if kind == CHANNEL:
        return _named(cast, *channels)
    if kind == ROLE:
        return _named(cast, *roles)
    return _named(cast, *users, *roles)


def unresolved() -> st.SearchStrategy[int]:
    """An id that names nothing Kindred or the fake knows: it arrives without ``resolved``
    data, as discord.py then hands a bare ``discord.Object`` to the command."""
    return st.integers(min_value=1, max_value=2**63 - 1)


def hostile(cast: Cast, spec: OptionSpec) -> st.SearchStrategy[Any]:
    """Anything a raw client could put in this option."""
    if spec.type == STRING:
        text = hostile_text(cast, spec.max_length)
        near = [str(c) for c in spec.choices]
        near += [c.upper() for c in near] + [f" {c} " for c in near] + [c + "\u200b" for c in near]
        return st.one_of(text, st.sampled_from(near)) if near else text
    if spec.type in (INTEGER, NUMBER):
        return hostile_number(spec)
    if spec.type == BOOLEAN:
        return st.booleans()
    if spec.type in (USER, CHANNEL, ROLE, MENTIONABLE):
        return entities(cast, spec.type)
    raise AssertionError(f"no hostile values for option type {spec.type} ({spec.name})")


WORDS = (
    "lantern",
    "harbour",
    "violin",
    "orchard",
    "pebble",
    "compass",
    "meadow",
    "biscuit",
    "glacier",
    "lighthouse",
    "notebook",
    "sunflower",
    "tram",
    "kettle",
    "comet",
    "bakery",
    "canyon",
    "puzzle",
    "ferry",
    "mitten",
    "parrot",
    "quilt",
    "rooftop",
    "saddle",
)
PLAIN_TEXTS = (
    "9:00",
    "mon,wed,fri",
    "22:00-07:00",
    "Thank you for always listening to me.",
    "What is a small thing that made you smile this week?",
)


def benign(  # noqa: PLR0911 - one answer per option type
    cast: Cast, spec: OptionSpec, suggested: Sequence[Any] = ()
) -> st.SearchStrategy[Any]:
    """A value Discord's own client could send, to fill the options not under attack."""
    if spec.choices:
        return st.sampled_from(spec.choices)
    if suggested:
        return st.sampled_from(tuple(suggested))
    if spec.type == STRING:
        fitting = [t for t in PLAIN_TEXTS if spec.declared(t)]
        sentence = st.lists(st.sampled_from(WORDS), min_size=5, max_size=9, unique=True).map(
            lambda words: f"What do a {', a '.join(words)} have in common for you?"
        )
        return st.sampled_from(fitting or ["a"]) | sentence.filter(spec.declared)
    if spec.type in (INTEGER, NUMBER):
        low = int(spec.min_value) if spec.min_value is not None else 1
        high = int(spec.max_value) if spec.max_value is not None else 100
        return st.integers(min_value=low, max_value=high)
    if spec.type == BOOLEAN:
        return st.booleans()
    if spec.type == USER:
        return _named(cast, "member", "other")
    if spec.type == CHANNEL:
        places = [
            name
            for name, channel in cast.places.items()
            if not spec.channel_types or channel.type in spec.channel_types
        ]
        return _named(cast, *(places or cast.places))
    if spec.type == ROLE:
        return _named(cast, "plain_role")
    return _named(cast, "member", "plain_role")
