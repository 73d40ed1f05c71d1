"""Every autocomplete option, fed hostile partial input (with hostile values already in the
other options, as Discord sends whatever is typed so far): the answer is always a valid
autocomplete response, never an error."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.fakediscord.interactions import (
    APPLICATION_COMMAND_AUTOCOMPLETE_RESULT,
    INTEGER,
    NUMBER,
    STRING,
)
from tests.hostile.catalog import offline_catalog, synced_catalog
from tests.hostile.known_defects import AUTOCOMPLETE_DEFECTS
from tests.hostile.profile import hostile_settings, planned
from tests.hostile.session import HostileSession
from tests.hostile.values import DISCORD_INTEGER, hostile, hostile_text, resolve

pytestmark = pytest.mark.e2e

EXAMPLES = 20
MAX_CHOICES = 25
NAME_MAX = 100
STRING_VALUE_MAX = 100


def _params() -> list[Any]:
    out = []
    for command in offline_catalog():
        for spec in command.options:
            if spec.autocomplete:
                reason = AUTOCOMPLETE_DEFECTS.get((command.path, spec.name))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                out.append(
                    pytest.param(
                        command.path, spec.name, marks=marks, id=f"{command.path}:{spec.name}"
                    )
                )
    return out


def test_there_are_autocomplete_options_to_attack() -> None:
    assert _params(), "no command offers autocomplete: the suite below would prove nothing"


def valid_choice(choice: dict[str, Any], option_type: int) -> bool:
    """One choice as Discord accepts it: a name of 1–100 characters and a value of the
    option's type (strings up to 100 characters, integers within what Discord carries)."""
    name, value = choice.get("name"), choice.get("value")
    if not isinstance(name, str) or not 1 <= len(name) <= NAME_MAX:
        return False
    if option_type == STRING:
        return isinstance(value, str) and len(value) <= STRING_VALUE_MAX
    if option_type == INTEGER:
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and -DISCORD_INTEGER <= value <= DISCORD_INTEGER
        )
    if option_type == NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return False


@pytest.mark.parametrize(("path", "option"), _params())
def test_hostile_partial_input_gets_valid_choices(
    session: HostileSession, tally: dict[str, int], path: str, option: str
) -> None:
    cast, fake = session.cast, session.fake
    command = synced_catalog(fake, cast.world.guild.id)[path]
    focused = command.option(option)
    others = {
        spec.name: st.none() | hostile(cast, spec)
        for spec in command.options
        if spec is not focused
    }

    @hostile_settings(EXAMPLES)
    @given(typed=hostile_text(cast, NAME_MAX), rest=st.fixed_dictionaries(others))
    def attack(typed: str, rest: dict[str, Any]) -> None:
        values = resolve({k: v for k, v in rest.items() if v is not None})
        values[option] = typed
        for user in (cast.member, cast.admin):
            act = functools.partial(
                fake.autocomplete, user, cast.world.general, path, values, focused=option
            )
            handle = session.run(session.case(act))
            answer = handle.record.response
            assert answer is not None
            assert answer.type == APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
            choices = handle.record.choices or []
            assert len(choices) <= MAX_CHOICES, f"{len(choices)} choices"
            bad = [c for c in choices if not valid_choice(c, focused.type)]
            assert bad == [], f"choices Discord would refuse: {bad}"
            tally["cases"] += 1

    attack()
    assert tally["cases"] == 2 * planned(EXAMPLES)
