"""What a feature owns stays its own (STYLE.md: adding or removing a feature touches
nothing in ``bot/``), checked on every run.

- Each table is created in the migrations of one component, the core or a feature, and
  only that component changes it; a feature may reference the core's tables.
- The core names no feature, comments included: not its package, not its slash commands,
  not its tables.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from tests.test_architecture import ROOT, features, project_modules

# -- each component owns its tables --------------------------------------------------------

SQL_COMMENT = re.compile(r"--[^\n]*")
CREATED = re.compile(
    r"\bCREATE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[\"`\[]?(\w+)", re.I
)
CHANGED = re.compile(
    r"\b(?:ALTER\s+TABLE|DROP\s+TABLE(?:\s+IF\s+EXISTS)?"
    r"|CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?\w+\s+ON"
    r"|CREATE\s+TRIGGER\b[^;]*?\bON)\s+[\"`\[]?(\w+)",
    re.I,
)
REFERENCED = re.compile(r"\bREFERENCES\s+[\"`\[]?(\w+)", re.I)


def migration_folders() -> dict[str, Path]:
    """The core's migrations and every feature's that has some, by component name."""
    folders = {"core": ROOT / "bot" / "storage" / "migrations"}
    for feature in features():
        if (ROOT / "cogs" / feature / "migrations").is_dir():
            folders[feature] = ROOT / "cogs" / feature / "migrations"
    return folders


def sql_of(folder: Path) -> dict[str, str]:
    return {
        path.name: SQL_COMMENT.sub("", path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.sql"))
    }


def table_owners(folders: dict[str, Path]) -> dict[str, list[str]]:
    """Each table, and every component whose migrations create it."""
    owners: dict[str, list[str]] = {}
    for component, folder in folders.items():
        for sql in sql_of(folder).values():
            for table in CREATED.findall(sql):
                owners.setdefault(table.lower(), []).append(component)
    return owners


def ownership_problems(folders: dict[str, Path]) -> list[str]:
    """Tables created by more than one component, and migrations that change (alter, drop,
    index, trigger on) another component's table or reference a feature's table from
    outside it. A feature may reference the core's tables: the core is always there."""
    owners = table_owners(folders)
    problems = [
        f"table {table} is created by {' and '.join(found)}: one component owns it"
        for table, found in sorted(owners.items())
        if len(found) > 1
    ]
    for component, folder in folders.items():
        for name, sql in sql_of(folder).items():
            for table in {t.lower() for t in CHANGED.findall(sql)}:
                if owners.get(table, [component])[0] != component:
                    problems.append(f"{component}/{name} changes {table}, owned by {owners[table]}")
            for table in {t.lower() for t in REFERENCED.findall(sql)}:
                owner = owners.get(table, [component])[0]
                if owner not in {component, "core"}:
                    problems.append(f"{component}/{name} references {table}, owned by {owner}")
    return problems


def test_every_table_is_created_only_in_its_owners_migrations() -> None:
    """A core migration creates no feature's table, and a feature's tables are created in
    its own folder only: removing a feature removes its schema with it."""
    folders = migration_folders()
    assert set(folders) >= {"core", "questions", "lovelanguages"}
    owners = table_owners(folders)
    assert owners["notices"] == ["core"]
    assert owners["question_posts"] == ["questions"]
    assert owners["ll_notes"] == ["lovelanguages"]
    assert ownership_problems(folders) == []


def test_the_ownership_check_finds_a_table_in_the_wrong_place(tmp_path: Path) -> None:
    def folder(name: str, sql: str) -> Path:
        (tmp_path / name).mkdir()
        (tmp_path / name / "0001_x.sql").write_text(sql, encoding="utf-8")
        return tmp_path / name

    folders = {
        "core": folder(
            "core", "CREATE TABLE notices (id INTEGER);\nCREATE TABLE ll_x (y INTEGER);"
        ),
        "alpha": folder(
            "alpha",
            "CREATE TABLE IF NOT EXISTS ll_x (y INTEGER);\n"
            "CREATE TABLE a_t (id INTEGER, n INTEGER REFERENCES notices (id));\n"
            "CREATE INDEX a_idx ON b_t (id);",
        ),
        "beta": folder(
            "beta",
            "CREATE TABLE b_t (id INTEGER, a INTEGER REFERENCES a_t (id));\n"
            "-- CREATE TABLE a_t (commented out, so not created here)\n"
            "CREATE TRIGGER b_tr AFTER INSERT ON b_t BEGIN SELECT 1; END;\n"
            "ALTER TABLE notices ADD COLUMN b INTEGER;",
        ),
    }
    assert sorted(ownership_problems(folders)) == [
        "alpha/0001_x.sql changes b_t, owned by ['beta']",
        "beta/0001_x.sql changes notices, owned by ['core']",
        "beta/0001_x.sql references a_t, owned by alpha",
        "table ll_x is created by core and alpha: one component owns it",
    ]


# -- the core names no feature ---------------------------------------------------------------

# Features named after a word the core needs for itself: the core's boundary service
# (bot.privacy) is what /boundaries shows and edits, and "help" is plain English (argparse's
# help=). Their package paths and slash commands are still searched for; the bare word is not.
EVERYDAY_WORDS = {"boundaries", "help"}


def slash_commands(feature: str) -> set[str]:
    """The top-level slash commands a feature's cogs define (a GroupCog's group, or each
    command of a plain Cog), read from the classes discord.py built."""
    from discord.ext import commands

    names: set[str] = set()
    for module_name in sorted(project_modules()):
        if module_name != f"cogs.{feature}" and not module_name.startswith(f"cogs.{feature}."):
            continue
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if not (isinstance(value, type) and issubclass(value, commands.Cog)):
                continue
            if value.__module__ != module_name:
                continue
            if value.__cog_is_app_commands_group__:
                names.add(value.__cog_group_name__)
            else:
                names.update(command.name for command in value.__cog_app_commands__)
    return names


def table_prefixes(feature: str) -> set[str]:
    """What a feature's table names start with (``question_``, ``ll_``)."""
    folder = migration_folders().get(feature)
    created = table_owners({feature: folder}) if folder else {}
    return {table.split("_")[0] + "_" if "_" in table else table for table in created}


def feature_pattern(feature: str, commands: set[str], prefixes: set[str]) -> re.Pattern[str]:
    """Any way of naming a feature: its package path or name, a slash command, a table."""
    forms = [rf"cogs[./]{re.escape(feature)}\b"]
    if feature not in EVERYDAY_WORDS:
        forms.append(rf"(?<![\w-]){re.escape(feature)}(?![\w-])")
    forms.extend(rf"(?<![\w/.:-])/{re.escape(command)}(?![\w-])" for command in commands)
    forms.extend(rf"(?<!\w){re.escape(prefix)}" for prefix in prefixes)
    return re.compile("|".join(forms), re.I)


def core_files() -> list[Path]:
    """Every source and SQL file of the core; the fake Discord is a tool, not the core."""
    fake = ROOT / "bot" / "fakediscord"
    return sorted(
        path
        for suffix in ("*.py", "*.sql")
        for path in (ROOT / "bot").rglob(suffix)
        if fake not in path.parents
    )


def mentions(path: Path, patterns: dict[str, re.Pattern[str]]) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for feature, pattern in patterns.items():
            if match := pattern.search(line):
                where = f"{path.relative_to(ROOT)}:{number}"
                found.append(f"{where}: {match.group(0)!r} names {feature}: {line.strip()}")
    return found


def test_the_core_names_no_feature() -> None:
    """Adding or removing a feature touches nothing in bot/, comments included."""
    patterns = {f: feature_pattern(f, slash_commands(f), table_prefixes(f)) for f in features()}
    offenders = [line for path in core_files() for line in mentions(path, patterns)]
    assert offenders == [], "say it generically:\n" + "\n".join(offenders)


def test_what_the_core_must_not_name_is_read_from_the_features() -> None:
    assert {"question"} <= slash_commands("questions")
    assert {"lovelanguage", "appreciate"} <= slash_commands("lovelanguages")
    assert {"boundaries"} <= slash_commands("boundaries")
    assert table_prefixes("questions") == {"question_"}
    assert table_prefixes("lovelanguages") == {"ll_"}
    assert any(path.suffix == ".sql" for path in core_files())
    assert not any("fakediscord" in path.parts for path in core_files())


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("see cogs/questions/cog.py", True),
        ("from cogs.boundaries import notes", True),
        ("the LoveLanguages feature", True),
        ("what ``/question now`` posts", True),
        ("(shown in `/boundaries show`)", True),
        ("SELECT * FROM ll_notes", True),
        ("DELETE FROM question_answers", True),
        ("a question, tip or challenge", False),
        ("a member's boundaries", False),
        ('parser.add_parser("check", help="validate")', False),
        ("https://example.com/question", False),
        ("a hall_pass or a small_talk", False),
    ],
)
def test_the_feature_finder_catches_every_way_of_naming_one(line: str, named: bool) -> None:
    patterns = {
        "questions": feature_pattern("questions", {"question"}, {"question_"}),
        "lovelanguages": feature_pattern("lovelanguages", {"lovelanguage"}, {"ll_"}),
        "boundaries": feature_pattern("boundaries", {"boundaries"}, set()),
    }
    assert any(p.search(line) for p in patterns.values()) is named
