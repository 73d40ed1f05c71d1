"""PRIVACY.md stays true to the schema: every table and every encrypted column is explained.

The tables come from a fresh database with every migration applied, so a migration that adds
a table (a new feature's data) fails here until PRIVACY.md says what it stores, why, for how
long, and whether it is encrypted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.storage.database import Database
from bot.storage.vault import SEALED_SUFFIX

ROOT = Path(__file__).resolve().parent.parent
PRIVACY = ROOT / "PRIVACY.md"
TABLE_HEADING = re.compile(r"^###\s+`([^`]+)`")


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    text: str


def privacy_text() -> str:
    assert PRIVACY.is_file(), "PRIVACY.md is missing at the repository root"
    return PRIVACY.read_text(encoding="utf-8")


def sections(text: str) -> list[Section]:
    """The document cut at every heading (headings inside code blocks do not count)."""
    found: list[Section] = []
    heading, fenced = "(before the first heading)", False
    lines: list[str] = []
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            found.append(Section(heading, "\n".join(lines)))
            heading, lines = line.strip(), []
        lines.append(line)
    found.append(Section(heading, "\n".join(lines)))
    return found


def code(name: str) -> str:
    return f"`{name}`"


async def schema_tables(db: Database) -> list[str]:
    rows = await db.fetch_all(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    )
    return [str(row["name"]) for row in rows]


async def sealed_columns(db: Database) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for table in await schema_tables(db):
        rows = await db.fetch_all("SELECT name FROM pragma_table_info(?)", (table,))
        found.extend(
            (table, str(row["name"])) for row in rows if str(row["name"]).endswith(SEALED_SUFFIX)
        )
    return found


async def test_every_table_is_explained(db: Database) -> None:
    tables = await schema_tables(db)
    assert tables, "the migrated database has no tables: is the schema query wrong?"
    text = privacy_text()
    missing = [
        f"PRIVACY.md does not mention table {code(t)}: say what it stores, why, how long, "
        "encrypted or not, and how to export or delete it"
        for t in tables
        if code(t) not in text
    ]
    assert not missing, "\n".join(missing)


async def test_every_encrypted_column_is_named(db: Database) -> None:
    columns = await sealed_columns(db)
    assert columns, f"no *{SEALED_SUFFIX} column found; at least vault_canary has one"
    text = privacy_text()
    parts = sections(text)
    encrypted_lines = [line for line in text.splitlines() if "encrypted" in line.lower()]
    missing: list[str] = []
    for table, column in columns:
        in_table_section = any(
            code(table) in part.text and code(column) in part.text for part in parts
        )
        on_encrypted_line = any(code(column) in line for line in encrypted_lines)
        if not (in_table_section or on_encrypted_line):
            missing.append(
                f"PRIVACY.md does not say that {code(table)}.{code(column)} is encrypted: name "
                f"{code(column)} in the section about {code(table)}, or on a line that says "
                '"encrypted"'
            )
    assert not missing, "\n".join(missing)


async def test_every_table_section_names_a_real_table(db: Database) -> None:
    """A table dropped or renamed by a migration must not stay documented as if it existed."""
    tables = set(await schema_tables(db))
    headings = [TABLE_HEADING.match(part.heading) for part in sections(privacy_text())]
    documented = [match.group(1) for match in headings if match]
    assert documented, "PRIVACY.md has no '### `table`' sections"
    stale = [
        f"PRIVACY.md has a section for table {code(name)}, which the schema does not have: "
        "remove it or fix its name"
        for name in documented
        if name not in tables
    ]
    assert not stale, "\n".join(stale)


def test_data_rights_and_the_key_are_explained() -> None:
    text = privacy_text()
    expected = {
        "/mydata export": "how a member gets a copy of their data",
        "/mydata delete": "how a member deletes their data",
        "30 days": "when a server's data is purged after Kindred leaves it",
        "KINDRED_SECRET_KEY": "where the secret key that encrypts private text comes from",
    }
    missing = [
        f"PRIVACY.md does not mention {phrase!r}: it must explain {why}"
        for phrase, why in expected.items()
        if phrase not in text
    ]
    assert not missing, "\n".join(missing)
