"""Every option of every slash command, attacked: hostile values for the option under test
(its neighbours hold ordinary values, so a defect is pinned on the option that has it),
run by a plain member and by an admin, in a channel, another channel and a thread.

Each example is run by members who never used Kindred before, so one example's limits
(three pending suggestions, a cooldown of its own) do not hide the next one's defect."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.fakediscord.interactions import CHANNEL, MENTIONABLE, ROLE, STRING, USER
from tests.hostile.catalog import LeafCommand, offline_catalog, synced_catalog, targets
from tests.hostile.known_defects import (
    AUTOCOMPLETE_DEFECTS,
    BLANK_DEFECTS,
    KNOWN_DEFECTS,
    UNRESOLVED_DEFECTS,
)
from tests.hostile.profile import hostile_settings, planned
from tests.hostile.session import HostileSession
from tests.hostile.values import (
    Named,
    OptionSpec,
    benign,
    blank_looking,
    hostile,
    resolve,
    unresolved,
)

pytestmark = pytest.mark.e2e

EXAMPLES_PER_OPTION = 16
EXAMPLES_WITHOUT_OPTIONS = 3
EXAMPLES_UNRESOLVED = 3
EXAMPLES_BLANK = 4
ENTITY_TYPES = (USER, CHANNEL, ROLE, MENTIONABLE)


def _params() -> list[Any]:
    out = []
    for path, option in targets():
        reason = KNOWN_DEFECTS.get((path, option))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(path, option, marks=marks, id=f"{path}:{option or '-'}"))
    return out


async def _suggestions(session: HostileSession, command: LeafCommand) -> dict[str, list[Any]]:
    """What autocomplete offers an admin for each option, as ordinary values."""
    cast = session.cast
    out: dict[str, list[Any]] = {}
    for spec in command.options:
        if spec.autocomplete:
            handle = await session.fake.autocomplete(
                cast.admin, cast.world.general, command.path, {}, focused=spec.name
            )
            out[spec.name] = [c["value"] for c in await handle.choices()]
    return out


def _values(
    session: HostileSession, command: LeafCommand, target: OptionSpec | None
) -> st.SearchStrategy[dict[str, Any]]:
    cast = session.cast
    suggested = session.run(_suggestions(session, command))
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for spec in command.options:
        if spec is target:
            fields[spec.name] = hostile(cast, spec)
        elif spec.required:
            fields[spec.name] = benign(cast, spec, suggested.get(spec.name, ()))
        else:
            fields[spec.name] = st.none() | benign(cast, spec, suggested.get(spec.name, ()))
    return st.fixed_dictionaries(fields).map(
        lambda chosen: {k: v for k, v in chosen.items() if v is not None}
    )


def test_every_known_defect_names_a_test_that_exists() -> None:
    """A mark left on a renamed command or option would silently stop marking anything."""
    options = {(c.path, o.name) for c in offline_catalog() for o in c.options}
    assert set(KNOWN_DEFECTS) <= set(targets())
    assert set(UNRESOLVED_DEFECTS) <= options
    assert set(AUTOCOMPLETE_DEFECTS) <= options
    assert set(BLANK_DEFECTS) <= options


def test_the_attacked_commands_are_the_ones_the_bot_synced(session: HostileSession) -> None:
    synced = synced_catalog(session.fake, session.cast.world.guild.id)
    assert sorted(synced) == sorted(c.path for c in offline_catalog())
    for command in offline_catalog():
        assert synced[command.path] == command


@pytest.mark.parametrize(("path", "option"), _params())
def test_a_hostile_option_gets_a_clear_answer(
    session: HostileSession, tally: dict[str, int], path: str, option: str | None
) -> None:
    cast, fake = session.cast, session.fake
    command = synced_catalog(fake, cast.world.guild.id)[path]
    target = command.option(option) if option else None
    examples = EXAMPLES_PER_OPTION if target else EXAMPLES_WITHOUT_OPTIONS

    @hostile_settings(examples)
    @given(values=_values(session, command, target), where=st.sampled_from(sorted(cast.places)))
    def attack(values: dict[str, Any], where: str) -> None:
        guild_id = cast.world.guild.id
        refusal = target is not None and not _declared(target, values[target.name], guild_id)
        channel = cast.places[where]
        for user in (cast.newcomer(), cast.newcomer(admin=True)):
            act = functools.partial(fake.slash, user, channel, path, resolve(values))
            session.run(session.case(act, refusal=refusal))
            tally["cases"] += 1

    attack()
    # Fewer examples than planned only when hypothesis ran out of distinct ones (a channel
    # option has a handful of channels): the suite's total is checked in conftest.
    assert 0 < tally["cases"] <= 2 * planned(examples)


def _entity_params() -> list[Any]:
    out = []
    for command in offline_catalog():
        for spec in command.options:
            if spec.type in ENTITY_TYPES:
                reason = UNRESOLVED_DEFECTS.get((command.path, spec.name))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                out.append(
                    pytest.param(
                        command.path, spec.name, marks=marks, id=f"{command.path}:{spec.name}"
                    )
                )
    return out


@pytest.mark.parametrize(("path", "option"), _entity_params())
def test_an_id_discord_left_unresolved_gets_a_clear_answer(
    session: HostileSession, tally: dict[str, int], path: str, option: str
) -> None:
    cast, fake = session.cast, session.fake
    command = synced_catalog(fake, cast.world.guild.id)[path]
    target = command.option(option)
    others = _values(session, command, None)

    @hostile_settings(EXAMPLES_UNRESOLVED)
    @given(values=others, ident=unresolved())
    def attack(values: dict[str, Any], ident: int) -> None:
        values = {**values, option: ident}
        for user in (cast.newcomer(), cast.newcomer(admin=True)):
            act = functools.partial(fake.slash, user, cast.world.general, path, resolve(values))
            session.run(session.case(act))
            tally["cases"] += 1

    assert target.type in ENTITY_TYPES
    attack()
    assert tally["cases"] == 2 * planned(EXAMPLES_UNRESOLVED)


def _text_params() -> list[Any]:
    out = []
    for command in offline_catalog():
        for spec in command.options:
            if spec.type == STRING and not spec.choices:
                reason = BLANK_DEFECTS.get((command.path, spec.name))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                out.append(
                    pytest.param(
                        command.path, spec.name, marks=marks, id=f"{command.path}:{spec.name}"
                    )
                )
    return out


@pytest.mark.parametrize(("path", "option"), _text_params())
def test_text_that_only_looks_blank_is_refused(
    session: HostileSession, tally: dict[str, int], path: str, option: str
) -> None:
    """Issue 10: text that only looks blank is refused like empty text, and saves nothing."""
    cast, fake = session.cast, session.fake
    command = synced_catalog(fake, cast.world.guild.id)[path]
    others = _values(session, command, None)

    @hostile_settings(EXAMPLES_BLANK)
    @given(values=others, blank=blank_looking())
    def attack(values: dict[str, Any], blank: str) -> None:
        values = {**values, option: blank}
        for user in (cast.newcomer(), cast.newcomer(admin=True)):
            act = functools.partial(fake.slash, user, cast.world.general, path, resolve(values))
            session.run(session.case(act, refusal=True))
            tally["cases"] += 1

    assert command.option(option).type == STRING
    attack()
    assert tally["cases"] == 2 * planned(EXAMPLES_BLANK)


def _declared(spec: OptionSpec, value: Any, guild_id: int) -> bool:
    """Whether Discord's own client could have sent it: a channel of this server, of a
    type the option lists, or a value :meth:`OptionSpec.declared` accepts."""
    if spec.type == STRING and not isinstance(value, str):
        return False
    if spec.type == CHANNEL and isinstance(value, Named):
        channel = value.entity
        kinds = spec.channel_types
        return channel.guild_id == guild_id and (not kinds or channel.type in kinds)
    return spec.declared(value)
