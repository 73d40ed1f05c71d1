"""The schema runner: per-component versions, one transaction per file, refusals."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.storage.database import Database, DatabaseError
from bot.storage.schema import (
    CORE,
    LAST_SHARED_VERSION,
    PER_COMPONENT_MARK,
    Component,
    ComponentState,
    Schema,
    core_component,
    discover_migrations,
    feature_component,
    split_statements,
)
from tests.support.schema import kindred_schema, schema_of, versions_of


def write(folder: Path, **files: str) -> Path:
    """Migration files (``write(tmp, a0001_x="…")`` makes ``0001_x.sql``) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name.removeprefix('a')}.sql").write_text(text, encoding="utf-8")
    return folder


def component(folder: Path, name: str, **files: str) -> Component:
    return Component.from_folder(name, write(folder / name, **files))


def tables(path: Path) -> set[str]:
    return {name for kind, name, _ in schema_of(path) if kind == "table"}


# -- what a real install applies --------------------------------------------------------


def test_the_core_comes_first_then_the_features_by_name() -> None:
    names = [c.name for c in kindred_schema().components]
    assert names == [CORE, "challenges", "checkins", "lovelanguages", "questions", "reviews"]
    shuffled = Schema(reversed(kindred_schema().components))
    assert [c.name for c in shuffled.components] == names


def test_the_core_keeps_only_its_own_files() -> None:
    core = core_component()
    assert [m.name for m in core.migrations] == [
        "core",
        "vault",
        "members",
        "pseudonym_key",
        "delivery_about",
        "lasting_ids",
        "member_pause",
        "letters_asked_for",
    ]
    assert [m.released_as for m in core.migrations] == [1, 2, 3, None, None, None, None, None]


def test_a_feature_without_a_migrations_folder_has_no_schema() -> None:
    assert feature_component("cogs.help") is None
    found = feature_component("cogs.questions")
    assert found is not None and found.name == "questions" and found.latest >= 1


async def test_a_fresh_database_records_every_components_latest_version(
    db: Database, db_path: Path
) -> None:
    mark, recorded = versions_of(db_path)
    assert recorded == kindred_schema().latest
    # A release from before per-component versions refuses this database as "newer".
    assert mark == PER_COMPONENT_MARK > LAST_SHARED_VERSION
    states = await kindred_schema().state(db)
    assert [s.pending for s in states] == [0] * len(kindred_schema().components)


async def test_applying_again_runs_nothing(
    db: Database, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before = schema_of(db_path)
    with caplog.at_level(logging.INFO, logger="bot.storage.schema"):
        assert await kindred_schema().apply(db) == kindred_schema().latest
    assert caplog.records == []
    assert schema_of(db_path) == before


# -- every partial state reaches the fresh schema ----------------------------------------


def partial_states() -> list[tuple[int, ...]]:
    """Each version of each component, with every other component at its first state (none
    applied) and at its latest: each component's own chain is walked whole against both
    extremes of the rest.

    Not the full product: it grows by multiplying every component's length (3,888 databases
    by issue 12, most of the suite's time). Components are independent by design (each owns
    its tables and they apply in order, core first), and the property test below samples
    mixed states of the whole product.
    """
    lengths = [c.latest + 1 for c in kindred_schema().components]
    states: set[tuple[int, ...]] = set()
    for index, length in enumerate(lengths):
        for version in range(length):
            for others in ("none", "latest"):
                state = [0 if others == "none" else n - 1 for n in lengths]
                state[index] = version
                states.add(tuple(state))
    return sorted(states)


async def _upgrades_to_fresh(tmp_path: Path, start_at: tuple[int, ...]) -> None:
    full = kindred_schema()
    fresh = tmp_path / "fresh.db"
    if not fresh.exists():
        await (await full.open(fresh)).close()

    partial = tmp_path / f"partial-{'-'.join(map(str, start_at))}.db"
    partial.unlink(missing_ok=True)
    older = Schema(
        Component(c.name, c.migrations[:n]) for c, n in zip(full.components, start_at, strict=True)
    )
    old = await older.open(partial)
    assert [s.recorded for s in await full.state(old)] == list(start_at)
    await old.close()

    upgraded = await full.open(partial)
    await upgraded.close()
    assert schema_of(partial) == schema_of(fresh)
    assert versions_of(partial) == versions_of(fresh)


@pytest.mark.parametrize("start_at", partial_states())
async def test_migrating_from_every_earlier_version_gives_the_fresh_schema(
    tmp_path: Path, start_at: tuple[int, ...]
) -> None:
    await _upgrades_to_fresh(tmp_path, start_at)


def _any_partial_state() -> st.SearchStrategy[tuple[int, ...]]:
    return st.tuples(
        *(st.integers(min_value=0, max_value=c.latest) for c in kindred_schema().components)
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start_at=_any_partial_state())
async def test_migrating_from_any_mix_of_versions_gives_the_fresh_schema(
    tmp_path: Path, start_at: tuple[int, ...]
) -> None:
    await _upgrades_to_fresh(tmp_path, start_at)


# -- all or nothing, per file ------------------------------------------------------------


async def test_a_failing_migration_changes_nothing(tmp_path: Path, db_path: Path) -> None:
    broken = component(
        tmp_path,
        "broken",
        a0001_fine="CREATE TABLE fine (x INTEGER);",
        a0002_bad="CREATE TABLE a (x INTEGER);\nTHIS IS NOT SQL;\n",
    )
    schema = Schema([core_component(), broken])
    with pytest.raises(DatabaseError, match=r"broken migration 0002_bad\.sql failed"):
        await schema.open(db_path)
    _, recorded = versions_of(db_path)
    assert recorded == {CORE: core_component().latest, "broken": 1}
    assert "fine" in tables(db_path)
    assert "a" not in tables(db_path)


async def test_a_file_and_its_version_row_commit_together(tmp_path: Path, db_path: Path) -> None:
    """The version row is written inside the file's transaction: if it cannot be written,
    the file's tables go too."""
    feature = component(tmp_path, "feature", a0001_x="CREATE TABLE x (y INTEGER);")
    db = await Schema([core_component()]).open(db_path)
    await db.execute(
        "CREATE TRIGGER no_feature BEFORE INSERT ON schema_versions "
        "WHEN NEW.component = 'feature' BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    with pytest.raises(DatabaseError, match=r"feature migration 0001_x\.sql failed"):
        await Schema([core_component(), feature]).apply(db)
    await db.close()
    assert "x" not in tables(db_path)


async def test_a_file_another_process_applied_meanwhile_is_not_run_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several processes may share one database and start together; each file runs once."""
    schema = kindred_schema()
    late = await Database.open(db_path)
    looked = await schema.state(late)  # what this process saw before the other one ran
    assert all(state.recorded == 0 for state in looked)
    await (await schema.open(db_path)).close()  # the other process, faster

    async def as_it_looked(db: Database) -> list[ComponentState]:
        return looked

    monkeypatch.setattr(schema, "state", as_it_looked)
    try:
        assert await schema.apply(late) == schema.latest
    finally:
        await late.close()
    assert versions_of(db_path)[1] == schema.latest


# -- refusals --------------------------------------------------------------------------


async def test_a_component_newer_than_its_files_is_refused_and_nothing_runs(
    tmp_path: Path, db_path: Path
) -> None:
    core = core_component()
    feature = component(tmp_path, "feature", a0001_x="CREATE TABLE x (y INTEGER);")
    behind = Schema([Component(CORE, core.migrations[:1])])
    await (await behind.open(db_path)).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_versions VALUES ('feature', 7)")
    before = schema_of(db_path)
    with pytest.raises(
        DatabaseError, match=r"has feature at schema version 7, newer than this Kindred knows \(1\)"
    ):
        await Schema([core, feature]).open(db_path)
    assert schema_of(db_path) == before  # the core's pending files did not run either


async def test_a_database_from_the_future_without_component_versions_is_refused(
    db_path: Path,
) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 999")
    with pytest.raises(DatabaseError, match="newer than this Kindred knows"):
        await kindred_schema().open(db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 999
    assert tables(db_path) == set()


async def test_a_component_the_install_no_longer_has_is_left_alone(db_path: Path) -> None:
    db = await kindred_schema().open(db_path)
    await db.execute("INSERT INTO schema_versions VALUES ('retired', 4)")
    await db.close()
    await (await kindred_schema().open(db_path)).close()
    assert versions_of(db_path)[1]["retired"] == 4


# -- finding migrations ------------------------------------------------------------------


def test_migrations_are_numbered_without_gaps(tmp_path: Path) -> None:
    write(tmp_path, a0001_a="SELECT 1;", a0003_c="SELECT 1;")
    with pytest.raises(DatabaseError, match="should be 2"):
        discover_migrations(tmp_path)


def test_each_component_is_numbered_on_its_own(tmp_path: Path) -> None:
    one = component(tmp_path, "one", a0001_a="SELECT 1;", a0002_b="SELECT 1;")
    two = component(tmp_path, "two", a0001_a="SELECT 1;")
    assert Schema([one, two]).latest == {"one": 2, "two": 1}


def test_a_migration_file_starts_with_its_number(tmp_path: Path) -> None:
    write(tmp_path, first_a="SELECT 1;")
    with pytest.raises(DatabaseError, match="must start with its number"):
        discover_migrations(tmp_path)


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({"a0001_a": "-- released as user_version 9\nSELECT 1;"}, "last shared number"),
        (
            {
                "a0001_a": "-- released as user_version 2\nSELECT 1;",
                "a0002_b": "-- released as user_version 1\nSELECT 1;",
            },
            "out of order",
        ),
        (
            {"a0001_a": "SELECT 1;", "a0002_b": "-- released as user_version 4\nSELECT 1;"},
            "out of order",
        ),
    ],
)
def test_a_released_number_must_fit_the_files_before_it(
    tmp_path: Path, files: dict[str, str], problem: str
) -> None:
    write(tmp_path, **files)
    with pytest.raises(DatabaseError, match=problem):
        discover_migrations(tmp_path)


def test_two_components_cannot_share_a_name_or_a_released_number(tmp_path: Path) -> None:
    one = component(tmp_path, "one", a0001_a="-- released as user_version 4\nSELECT 1;")
    again = component(tmp_path / "elsewhere", "one", a0001_a="SELECT 1;")
    two = component(tmp_path, "two", a0001_a="-- released as user_version 4\nSELECT 1;")
    with pytest.raises(DatabaseError, match="two components are called 'one'"):
        Schema([one, again])
    with pytest.raises(DatabaseError, match="released as 4"):
        Schema([one, two])


@pytest.fixture
def features_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An importable package of features, one of which must never be imported."""
    root = tmp_path / "schema_test_features"
    root.mkdir()
    (root / "__init__.py").write_text("", encoding="utf-8")
    for name, init in (("shy", "raise ImportError('imported')\n"), ("core", ""), ("plain", "")):
        (root / name).mkdir()
        (root / name / "__init__.py").write_text(init, encoding="utf-8")
    write(root / "shy" / "migrations", a0001_shy="CREATE TABLE shy_things (x INTEGER);")
    write(root / "core" / "migrations", a0001_x="SELECT 1;")
    monkeypatch.syspath_prepend(str(tmp_path))
    return root


def test_a_features_folder_is_found_without_importing_the_feature(
    features_package: Path,
) -> None:
    found = feature_component("schema_test_features.shy")
    assert found is not None and [m.name for m in found.migrations] == ["shy"]
    assert feature_component("schema_test_features.plain") is None


def test_a_feature_cannot_take_the_cores_name(features_package: Path) -> None:
    with pytest.raises(DatabaseError, match="cannot be called 'core'"):
        feature_component("schema_test_features.core")


def test_split_statements_keeps_triggers_whole() -> None:
    script = """
    -- a comment
    CREATE TABLE t (x INTEGER);
    CREATE TRIGGER tr AFTER INSERT ON t BEGIN
        UPDATE t SET x = 1;
        UPDATE t SET x = 2;
    END;
    """
    statements = split_statements(script)
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")
