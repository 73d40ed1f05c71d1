"""The schema a real install applies: the core's and that of every shipped feature."""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path

from bot.app.client import discover_extensions
from bot.storage.database import Database
from bot.storage.schema import Schema


@cache
def kindred_schema() -> Schema:
    return Schema.for_features(discover_extensions())


async def open_migrated(path: Path) -> Database:
    """A database as Kindred opens it at start-up: every component up to date."""
    return await kindred_schema().open(path)


def schema_of(path: Path) -> list[tuple[str, str, str]]:
    """Every table, index and trigger with its SQL, to compare two databases' schemas."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
    return [(t, n, s or "") for t, n, s in rows]


def versions_of(path: Path) -> tuple[int, dict[str, int]]:
    """``PRAGMA user_version`` and the ``schema_versions`` rows."""
    with sqlite3.connect(path) as conn:
        mark = int(conn.execute("PRAGMA user_version").fetchone()[0])
        rows = conn.execute("SELECT component, version FROM schema_versions").fetchall()
    return mark, {str(c): int(v) for c, v in rows}
