"""Options are held to their command's declaration before it runs (a raw client can send
anything: Discord's client is what honours bounds and choices, not discord.py)."""

from __future__ import annotations

from typing import Any

import pytest
from discord import AppCommandOptionType as T
from discord import app_commands
from hypothesis import given
from hypothesis import strategies as st

from bot.interactions.option_guard import (
    NUMBER_LIMIT,
    Declared,
    first_refused,
    leaf_options,
    refused_option,
)

DEPTH = Declared("depth", T.integer, min_value=1, max_value=3)
NOTES = Declared("notes", T.string, choices=("all", "named", "none"))
TEXT = Declared("text", T.string, min_value=1, max_value=200, required=True)
MEMBER = Declared("member", T.user)
CHANNEL = Declared("channel", T.channel, channel_types=(0,))
FLAG = Declared("anonymous", T.boolean)
DECLARED = (DEPTH, NOTES, TEXT, MEMBER, CHANNEL, FLAG)
RESOLVED = {
    "users": {"1001": {"id": "1001"}},
    "channels": {"70": {"id": "70", "type": 0}, "71": {"id": "71", "type": 2}},
}


def opt(name: str, value: Any) -> dict[str, Any]:
    return {"name": name, "value": value}


def refused(*options: dict[str, Any]) -> str | None:
    given_text = any(o["name"] == "text" for o in options)
    options = options if given_text else (*options, opt("text", "hello"))
    return first_refused(DECLARED, options, RESOLVED)


def test_values_inside_their_declaration_pass() -> None:
    assert (
        refused(
            opt("depth", 3),
            opt("notes", "named"),
            opt("member", "1001"),
            opt("channel", "70"),
            opt("anonymous", True),
        )
        is None
    )


@pytest.mark.parametrize(
    ("option", "why"),
    [
        (opt("depth", 0), "below its minimum"),
        (opt("depth", 4), "above its maximum"),
        (opt("depth", "2"), "a string for a number"),
        (opt("depth", True), "a boolean is not a number"),
        (opt("notes", ""), "not one of the choices"),
        (opt("notes", "ALL"), "choices are exact"),
        (opt("text", ""), "shorter than its minimum length"),
        (opt("text", "x" * 201), "longer than its maximum length"),
        (opt("member", "1002"), "an id Discord did not resolve"),
        (opt("channel", "71"), "a channel of a type it does not take"),
        (opt("channel", "1001"), "a user's id for a channel"),
        (opt("anonymous", "yes"), "a string for a boolean"),
        (opt("unknown", 1), "an option the command does not have"),
    ],
)
def test_a_value_outside_its_declaration_is_named(option: dict[str, Any], why: str) -> None:
    assert refused(option) == option["name"], why


def test_a_missing_required_option_is_named() -> None:
    assert first_refused(DECLARED, [], RESOLVED) == "text"


@given(st.integers())
def test_every_integer_passes_exactly_when_it_is_within_bounds(value: int) -> None:
    assert (refused(opt("depth", value)) is None) == (1 <= value <= 3)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_number_must_be_finite_and_within_discords_range(value: float) -> None:
    spec = Declared("weight", T.number)
    ok = first_refused([spec], [opt("weight", value)], {}) is None
    assert ok == (value == value and abs(value) <= NUMBER_LIMIT)  # noqa: PLR0124 - NaN check


def test_the_options_of_a_subcommand_are_the_ones_checked() -> None:
    data = {
        "options": [
            {
                "type": 2,
                "name": "topics",
                "options": [{"type": 1, "name": "add", "options": [opt("category", "x")]}],
            }
        ]
    }
    assert leaf_options(data) == [opt("category", "x")]
    assert leaf_options({}) == []


def test_a_real_commands_declaration_is_read_from_its_parameters() -> None:
    @app_commands.command()
    @app_commands.choices(mode=[app_commands.Choice(name="Ladder", value="ladder")])
    async def schedule(
        interaction: Any,
        depth: app_commands.Range[int, 1, 3],
        mode: str,
        note: app_commands.Range[str, 1, 10] | None = None,
    ) -> None:
        """A test command."""

    def data(*options: dict[str, Any]) -> dict[str, Any]:
        return {"options": list(options)}

    assert refused_option(schedule, data(opt("depth", 2), opt("mode", "ladder"))) is None
    assert refused_option(schedule, data(opt("depth", 9), opt("mode", "ladder"))) == "depth"
    assert refused_option(schedule, data(opt("depth", 2), opt("mode", "flat"))) == "mode"
    long_note = opt("note", "x" * 11)
    assert refused_option(schedule, data(opt("depth", 2), opt("mode", "ladder"), long_note)) == (
        "note"
    )
