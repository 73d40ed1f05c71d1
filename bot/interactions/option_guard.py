"""Every slash-command option is held to what the command declared, before it runs.

What a command declares (``app_commands.Range``'s bounds, ``choices``, channel types, a
user or role option) only tells Discord's *client* what to offer: discord.py does not check
it when the command runs, and any client can send a raw interaction with a number past the
bounds, a string that is none of the choices, or an id Discord never resolved (which
discord.py would hand over as a bare ``discord.Object``). So the command tree checks every
option here first, once for every feature, and a value outside its declaration gets one
friendly sentence instead of reaching a command that trusts it.

Pure: the declaration and the raw payload in, the name of the first bad option out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from discord import AppCommandOptionType, app_commands

from bot.interactions.user_error import UserFacingError

# Discord's own bounds for a number option without declared ones.
NUMBER_LIMIT = 2**53
_SUBCOMMANDS = {AppCommandOptionType.subcommand.value, AppCommandOptionType.subcommand_group.value}
_RESOLVED: dict[AppCommandOptionType, tuple[str, ...]] = {
    AppCommandOptionType.user: ("users",),
    AppCommandOptionType.channel: ("channels",),
    AppCommandOptionType.role: ("roles",),
    AppCommandOptionType.mentionable: ("users", "roles"),
    AppCommandOptionType.attachment: ("attachments",),
}


class OptionRefused(app_commands.CheckFailure, UserFacingError):
    """An option outside what its command declared; the message says which, kindly."""


@dataclass(frozen=True, slots=True)
class Declared:
    """One option as its command declared it."""

    name: str
    type: AppCommandOptionType
    choices: tuple[str | int | float, ...] = ()
    min_value: int | float | None = None  # for a string: its shortest length
    max_value: int | float | None = None  # for a string: its longest length
    channel_types: tuple[int, ...] = ()
    required: bool = False

    @classmethod
    def of(cls, parameter: app_commands.Parameter) -> Declared:
        return cls(
            name=parameter.display_name,
            type=parameter.type,
            choices=tuple(choice.value for choice in parameter.choices),
            min_value=parameter.min_value,
            max_value=parameter.max_value,
            channel_types=tuple(t.value for t in parameter.channel_types),
            required=parameter.required,
        )


def leaf_options(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The options of the command that runs, below any subcommand group and subcommand."""
    options: list[Mapping[str, Any]] = list(data.get("options") or [])
    while len(options) == 1 and options[0].get("type") in _SUBCOMMANDS:
        options = list(options[0].get("options") or [])
    return options


def first_refused(
    declared: Iterable[Declared],
    options: Sequence[Mapping[str, Any]],
    resolved: Mapping[str, Any],
) -> str | None:
    """The name of the first option outside its declaration (unknown, missing, of the
    wrong type, out of bounds, not a choice, not resolved); None if every one is fine."""
    by_name = {d.name: d for d in declared}
    given = {str(option.get("name")): option for option in options}
    for name in given:
        if name not in by_name:
            return name
    for name, spec in by_name.items():
        option = given.get(name)
        if option is None:
            if spec.required:
                return name
            continue
        if not _fits(spec, option.get("value"), resolved):
            return name
    return None


def _fits(spec: Declared, value: Any, resolved: Mapping[str, Any]) -> bool:  # noqa: PLR0911 - one answer per rule
    if spec.choices and value not in spec.choices:
        return False
    match spec.type:
        case AppCommandOptionType.string:
            return isinstance(value, str) and _within(len(value), spec)
        case AppCommandOptionType.integer:
            return (
                isinstance(value, int)
                and not isinstance(value, bool)
                and abs(value) <= NUMBER_LIMIT
                and _within(value, spec)
            )
        case AppCommandOptionType.number:
            return (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and math.isfinite(value)
                and abs(value) <= NUMBER_LIMIT
                and _within(value, spec)
            )
        case AppCommandOptionType.boolean:
            return isinstance(value, bool)
        case kind if kind in _RESOLVED:
            return _resolved(spec, str(value), resolved)
    return True


def _within(value: float, spec: Declared) -> bool:
    low, high = spec.min_value, spec.max_value
    return (low is None or value >= low) and (high is None or value <= high)


def _resolved(spec: Declared, snowflake: str, resolved: Mapping[str, Any]) -> bool:
    """Discord sends the object of every id it delivers; an id without one was not sent
    by Discord's client (or names something this server does not have)."""
    for section in _RESOLVED[spec.type]:
        found = (resolved.get(section) or {}).get(snowflake)
        if found is None:
            continue
        if spec.channel_types and section == "channels":
            return found.get("type") in spec.channel_types
        return True
    return False


def refused_option(
    command: app_commands.Command[Any, ..., Any], data: Mapping[str, Any]
) -> str | None:
    """The name of the first option of this run of ``command`` outside its declaration."""
    return first_refused(
        (Declared.of(p) for p in command.parameters),
        leaf_options(data),
        data.get("resolved") or {},
    )
