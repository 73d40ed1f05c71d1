"""The schema: the core's tables and each feature's, every one versioned on its own.

The core keeps its numbered ``NNNN_name.sql`` files in ``bot/storage/migrations/``; a feature
keeps its own in ``cogs/<feature>/migrations/``, so adding or removing a feature never means
editing (or renumbering) anything in ``bot/``. Each component's version is a row of
``schema_versions``, as Django keeps one per app. At start-up every migration newer than its
component's row runs in one transaction together with the row's update: a crash leaves each
file either fully applied and recorded, or not at all.

Releases before per-component versions kept one number for the whole schema in ``PRAGMA
user_version`` (1 to :data:`LAST_SHARED_VERSION`). A migration shipped under that number
says so on a line of its own (``-- released as user_version 4``), wherever it lives now, so
such a database is mapped onto ``schema_versions`` without the core knowing which feature
a number belonged to. Afterwards ``user_version`` holds :data:`PER_COMPONENT_MARK`, which
those releases refuse as "newer", instead of running on a schema they do not know.
"""

from __future__ import annotations

import importlib.resources
import itertools
import logging
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

from bot.storage.database import Database, DatabaseError

log = logging.getLogger(__name__)

CORE = "core"
MIGRATIONS_FOLDER = "migrations"
LAST_SHARED_VERSION = 5
PER_COMPONENT_MARK = LAST_SHARED_VERSION + 1
RELEASED_AS = re.compile(r"^-- released as user_version (\d+)$", re.MULTILINE)

CREATE_VERSIONS = """
CREATE TABLE schema_versions (
    component TEXT    PRIMARY KEY,  -- 'core', or a feature's package name
    version   INTEGER NOT NULL      -- the number of its newest migration applied
)
"""
RECORD_VERSION = """
INSERT INTO schema_versions (component, version) VALUES (?, ?)
ON CONFLICT (component) DO UPDATE SET version = excluded.version
"""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    source: Traversable
    #: The schema-wide number it was shipped under before per-component versions, if any.
    released_as: int | None = None

    def statements(self) -> list[str]:
        return split_statements(self.source.read_text(encoding="utf-8"))


def split_statements(script: str) -> list[str]:
    """Split a migration into statements so it can run inside our own transaction.

    ``executescript`` would commit first, which would break the all-or-nothing promise.
    """
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in current.splitlines()
    ):
        raise DatabaseError(f"migration has an unterminated statement: {current.strip()[:60]!r}")
    return statements


def discover_migrations(directory: Traversable) -> list[Migration]:
    """Numbered ``NNNN_name.sql`` files, checked to run 1, 2, 3… with no gap."""
    found: list[Migration] = []
    files = sorted(
        (f for f in directory.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name
    )
    for source in files:
        number, _, name = source.name.removesuffix(".sql").partition("_")
        if not number.isdigit():
            raise DatabaseError(f"migration file {source.name} must start with its number")
        released = RELEASED_AS.search(source.read_text(encoding="utf-8"))
        found.append(Migration(int(number), name, source, int(released[1]) if released else None))
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise DatabaseError(
                f"migrations must be numbered 1, 2, 3…; {migration.source.name} should be "
                f"{expected}"
            )
    _check_released_numbers(found)
    return found


def _check_released_numbers(migrations: Sequence[Migration]) -> None:
    """Only a component's first migrations can have been released under the shared number,
    in their own order, and never above the last number that was shared."""
    previous = 0
    for index, migration in enumerate(migrations):
        number = migration.released_as
        if number is None:
            continue
        if number > LAST_SHARED_VERSION:
            raise DatabaseError(
                f"{migration.source.name} says it was released as user_version {number}, "
                f"but {LAST_SHARED_VERSION} was the last shared number"
            )
        if number <= previous or (index > 0 and migrations[index - 1].released_as is None):
            raise DatabaseError(
                f"{migration.source.name} says it was released as user_version {number}, "
                "out of order with the files before it"
            )
        previous = number


@dataclass(frozen=True, slots=True)
class Component:
    """The core, or one feature: a name and its migrations, in order."""

    name: str
    migrations: tuple[Migration, ...]

    @property
    def latest(self) -> int:
        return self.migrations[-1].version if self.migrations else 0

    @classmethod
    def from_folder(cls, name: str, folder: Traversable) -> Component:
        return cls(name, tuple(discover_migrations(folder)))


def core_component() -> Component:
    return Component.from_folder(CORE, importlib.resources.files("bot.storage") / MIGRATIONS_FOLDER)


def feature_component(extension: str) -> Component | None:
    """A feature package's schema (``cogs.x`` → ``cogs/x/migrations/``); None if it has none.

    The folder is found through the parent package, so the feature itself is not imported.
    """
    parent, _, name = extension.rpartition(".")
    if not parent:
        raise DatabaseError(f"{extension!r} is not a feature package inside a package")
    folder = importlib.resources.files(parent) / name / MIGRATIONS_FOLDER
    if not folder.is_dir():
        return None
    if name == CORE:
        raise DatabaseError(f"a feature cannot be called {CORE!r}: the core's schema has it")
    return Component.from_folder(name, folder)


@dataclass(frozen=True, slots=True)
class ComponentState:
    name: str
    recorded: int
    latest: int

    @property
    def pending(self) -> int:
        return max(0, self.latest - self.recorded)

    @property
    def too_new(self) -> bool:
        """Written by a newer Kindred: running on it could lose data."""
        return self.recorded > self.latest

    def __str__(self) -> str:
        return f"{self.name} {self.recorded} of {self.latest}"


class Schema:
    """Every component's migrations: the core's first, then the features' by name."""

    def __init__(self, components: Iterable[Component]) -> None:
        ordered = sorted(components, key=lambda c: (c.name != CORE, c.name))
        names = [c.name for c in ordered]
        for name in names:
            if names.count(name) > 1:
                raise DatabaseError(f"two components are called {name!r}")
        released = [m.released_as for c in ordered for m in c.migrations if m.released_as]
        for number in released:
            if released.count(number) > 1:
                raise DatabaseError(f"two migrations say they were released as {number}")
        self.components: tuple[Component, ...] = tuple(ordered)

    @classmethod
    def for_features(cls, extensions: Iterable[str]) -> Schema:
        """The core's schema and that of every feature package (as the bot finds them)."""
        features = (feature_component(extension) for extension in extensions)
        return cls([core_component(), *(c for c in features if c is not None)])

    @property
    def latest(self) -> dict[str, int]:
        return {c.name: c.latest for c in self.components}

    def describe_latest(self) -> str:
        return ", ".join(f"{c.name} {c.latest}" for c in self.components)

    # -- reading ------------------------------------------------------------------------

    async def state(self, db: Database) -> list[ComponentState]:
        """Where each component stands, changing nothing (a database from before
        per-component versions is read through its shared number)."""
        if await _has_versions_table(db):
            rows = await db.fetch_all("SELECT component, version FROM schema_versions")
            recorded = {str(row[0]): int(row[1]) for row in rows}
        else:
            recorded = self._from_shared_number(db.path, await _shared_number(db))
        return [ComponentState(c.name, recorded.get(c.name, 0), c.latest) for c in self.components]

    def _from_shared_number(self, path: Path, shared: int) -> dict[str, int]:
        if shared > LAST_SHARED_VERSION:
            raise DatabaseError(
                f"the database at {path} is at schema version {shared}, newer than this "
                f"Kindred knows ({LAST_SHARED_VERSION}); upgrade Kindred or restore a backup"
            )
        recorded: dict[str, int] = {}
        for component in self.components:
            applied = list(
                itertools.takewhile(
                    lambda m: m.released_as is not None and m.released_as <= shared,
                    component.migrations,
                )
            )
            if applied:
                recorded[component.name] = applied[-1].version
        return recorded

    # -- writing ------------------------------------------------------------------------

    async def apply(self, db: Database) -> dict[str, int]:
        """Bring every component up to date; refuse, changing nothing, if any is newer."""
        await self._start_versioning(db)
        states = await self.state(db)
        for state in states:
            if state.too_new:
                raise DatabaseError(
                    f"the database at {db.path} has {state.name} at schema version "
                    f"{state.recorded}, newer than this Kindred knows ({state.latest}); "
                    "upgrade Kindred or restore a backup"
                )
        recorded = {s.name: s.recorded for s in states}
        for component in self.components:
            for migration in component.migrations[recorded[component.name] :]:
                await _run(db, component.name, migration)
            recorded[component.name] = component.latest
        return recorded

    async def _start_versioning(self, db: Database) -> None:
        """Create ``schema_versions`` once, holding what the shared number said."""
        async with db.transaction():
            if await _has_versions_table(db):
                return
            shared = await _shared_number(db)
            recorded = self._from_shared_number(db.path, shared)
            await db.execute(CREATE_VERSIONS)
            await db.execute_many(RECORD_VERSION, recorded.items())
            # user_version lives in the file header and commits with the transaction.
            await db.execute(f"PRAGMA user_version = {PER_COMPONENT_MARK:d}")
        if shared:
            log.info("schema version %d now kept per component: %s", shared, recorded)

    async def open(self, path: Path) -> Database:
        """Open the database with every component up to date, or leave nothing open."""
        return await Database.open(path, prepare=self.apply)


async def _run(db: Database, component: str, migration: Migration) -> None:
    """One file and its version row, in one transaction.

    The row is read again inside it: another process sharing the database may have applied
    the file since this one looked, and then there is nothing left to do.
    """
    where = f"{component} migration {migration.source.name}"
    try:
        async with db.transaction():
            done = await db.fetch_value(
                "SELECT version FROM schema_versions WHERE component = ?", (component,)
            )
            if done is not None and int(done) >= migration.version:
                return
            for statement in migration.statements():
                await db.execute(statement)
            await db.execute(RECORD_VERSION, (component, migration.version))
    except sqlite3.Error as exc:
        raise DatabaseError(f"{where} failed, nothing of it was kept: {exc}") from exc
    log.info("applied %s", where)


async def _has_versions_table(db: Database) -> bool:
    return "schema_versions" in await db.table_names()


async def _shared_number(db: Database) -> int:
    return int(await db.fetch_value("PRAGMA user_version") or 0)
