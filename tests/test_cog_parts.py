"""A cog put together from parts (mixins) must not have two parts define the same name.

Python resolves such a name silently to whichever part comes first in the class's bases, so
one part's ``_require_permissions`` would quietly run in place of another's: the buddy
pairings part once did exactly that to posting's check. A part that means to extend another
does so by subclassing it, which this test allows (the name is then defined once per class
along one line of inheritance, and the later one calls ``super()``).
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
from collections import defaultdict

from discord.ext import commands

import cogs


def _cog_classes() -> list[type[commands.Cog]]:
    found: list[type[commands.Cog]] = []
    for info in pkgutil.iter_modules(cogs.__path__):
        module = importlib.import_module(f"cogs.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, commands.Cog):
                found.append(value)
    return found


def _clashes(cog: type) -> dict[str, list[str]]:
    defined: dict[str, list[type]] = defaultdict(list)
    for part in cog.__mro__:
        if part.__module__.startswith("cogs."):
            for name in vars(part):
                if not name.startswith("__"):
                    defined[name].append(part)
    clashes: dict[str, list[str]] = {}
    for name, parts in defined.items():
        # Along one line of inheritance each definer subclasses the next: an override.
        if any(not issubclass(a, b) for a, b in itertools.pairwise(parts)):
            clashes[name] = [part.__qualname__ for part in parts]
    return clashes


def test_every_feature_is_checked() -> None:
    names = {cog.__module__.split(".")[1] for cog in _cog_classes()}
    assert {"questions", "challenges", "lovelanguages", "boundaries"} <= names


def test_no_two_parts_of_a_cog_define_the_same_name() -> None:
    clashes = {cog.__qualname__: _clashes(cog) for cog in _cog_classes()}
    assert {cog: found for cog, found in clashes.items() if found} == {}


def test_a_clash_is_found() -> None:
    class Base(commands.Cog):
        pass

    class Left(Base):
        def _check(self) -> None: ...

    class Right(Base):
        def _check(self) -> None: ...

    class Both(Left, Right):
        pass

    for part in (Base, Left, Right, Both):
        part.__module__ = "cogs.example"
    assert _clashes(Both) == {
        "_check": ["test_a_clash_is_found.<locals>.Left", "test_a_clash_is_found.<locals>.Right"]
    }
