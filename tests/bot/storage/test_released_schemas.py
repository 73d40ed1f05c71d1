"""Databases left by every release before per-component versions move forward intact.

``released_schema/`` holds the migration files exactly as they shipped, when one number in
``PRAGMA user_version`` covered the whole schema (0 is a database created before any ran).
Each test builds such a database as those releases did, fills every table it has, upgrades
it with today's runner, and compares it with a fresh database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.storage import schema as schema_module
from bot.storage.database import Database, DatabaseError
from bot.storage.schema import LAST_SHARED_VERSION, split_statements
from tests.support.schema import kindred_schema, open_migrated, schema_of, versions_of

RELEASED = Path(__file__).resolve().parent / "released_schema"
T = "2026-01-15T12:00:00+00:00"

# One row for every table a released schema had, in an order foreign keys accept.
ROWS: dict[str, tuple[str, tuple[Any, ...]]] = {
    "occurrences": (
        "INSERT INTO occurrences (job_key, occurrence_key, fires_at, state, updated_at) "
        "VALUES (?, ?, ?, ?, ?)",
        ("question:70", "2026-01-15", T, "sent", T),
    ),
    "notices": (
        "INSERT INTO notices (user_id, dedupe_key, text, created_at) VALUES (?, ?, ?, ?)",
        (1001, "dms-closed", "Your DMs are closed.", T),
    ),
    "vault_canary": ("INSERT INTO vault_canary (id, token_sealed) VALUES (?, ?)", (1, "gAAAA")),
    "member_boundaries": (
        "INSERT INTO member_boundaries (user_id, max_depth, timezone, updated_at) "
        "VALUES (?, ?, ?, ?)",
        (1001, 2, "Europe/Paris", T),
    ),
    "member_topics_off": ("INSERT INTO member_topics_off VALUES (?, ?)", (1001, "family")),
    "member_dont_pair": ("INSERT INTO member_dont_pair VALUES (?, ?, ?)", (1001, 1002, T)),
    "member_card_shares": ("INSERT INTO member_card_shares VALUES (?, ?, ?)", (1001, 501, T)),
    "dm_consents": ("INSERT INTO dm_consents VALUES (?, ?, ?)", (1001, "note", T)),
    "deliveries": (
        "INSERT INTO deliveries (user_id, kind, payload_sealed, state, due_at, nonce, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (1001, "note", "gAAAB", "waiting", T, "n-1", T),
    ),
    "guild_presence": ("INSERT INTO guild_presence VALUES (?, ?, ?)", (501, T, None)),
    "post_deletions": ("INSERT INTO post_deletions VALUES (?, ?, ?, ?)", (70, 7001, T, 0)),
    "question_schedules": (
        "INSERT INTO question_schedules (channel_id, guild_id, at, timezone, weekdays, "
        "active_since, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (70, 501, "09:00", "Europe/Paris", "0,1,2,3,4,5,6", T, T),
    ),
    "question_channels": (
        "INSERT INTO question_channels (channel_id, guild_id, ladder_level) VALUES (?, ?, ?)",
        (70, 501, 2),
    ),
    "question_posts": (
        "INSERT INTO question_posts (id, guild_id, channel_id, occurrence_key, question_key, "
        "question_text, category, depth, number, cycle, scheduled, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (1, 501, 70, "2026-01-15", "bank:7", "What made you laugh?", "fun", 1, 1, 1, 1, T),
    ),
    "question_answers": (
        "INSERT INTO question_answers (id, post_id, user_id, anonymous, text_sealed, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (1, 1, 1001, 1, "gAAAC", T),
    ),
    "question_validations": ("INSERT INTO question_validations VALUES (?, ?, ?)", (1, 1002, T)),
    "question_ladder_votes": ("INSERT INTO question_ladder_votes VALUES (?, ?, ?)", (70, 1001, T)),
    "question_custom": (
        "INSERT INTO question_custom (guild_id, text, category, depth, suggested_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (501, "What song is stuck in your head?", "fun", 1, 1002, T),
    ),
    "question_suggestions": (
        "INSERT INTO question_suggestions (guild_id, user_id, text_sealed, category, depth, "
        "notify, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (501, 1002, "gAAAD", "fun", 1, 1, T),
    ),
    "question_anonymous_bars": (
        "INSERT INTO question_anonymous_bars VALUES (?, ?, ?)",
        (501, 1003, T),
    ),
    "ll_quiz_progress": (
        "INSERT INTO ll_quiz_progress VALUES (?, ?, ?, ?, ?, ?)",
        (1001, "partner", "receive", '["words", "time"]', None, T),
    ),
    "ll_results": (
        "INSERT INTO ll_results (user_id, relationship, receive, taken_at) VALUES (?, ?, ?, ?)",
        (1002, "friend", '{"words": 30}', T),
    ),
    "ll_shares": ("INSERT INTO ll_shares VALUES (?, ?, ?)", (1002, 501, T)),
    "ll_nudge_subscriptions": (
        "INSERT INTO ll_nudge_subscriptions VALUES (?, ?, ?)",
        (1001, 501, T),
    ),
    "ll_nudges_sent": ("INSERT INTO ll_nudges_sent VALUES (?, ?, ?, ?)", (1001, 501, 1002, T)),
    "ll_notes": (
        "INSERT INTO ll_notes (guild_id, sender_id, recipient_id, anonymous, sent_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (501, 1002, 1001, 0, T),
    ),
    "ll_note_blocks": ("INSERT INTO ll_note_blocks VALUES (?, ?, ?)", (1001, 1003, T)),
}

# Tables a later migration rebuilt (lovelanguages 0002, questions 0002): their rows as the
# upgrade leaves them. A clear member id becomes 'legacy:<id>' (notes) or 'id:<id>' (question
# bars), and answers gain an empty author_key: the cogs turn them into pseudonyms at start.
# Boundaries gain an empty pause (core 0007): nobody was paused before pauses existed.
# The deliveries row as the released schema left it, every column in order.
RELEASED_DELIVERY = (1, 1001, "note", *(None,) * 4, "gAAAB", "waiting", T, None, 0, "n-1")
RELEASED_DELIVERY += (None, None, None, T, None)

RESHAPED: dict[str, list[tuple[Any, ...]]] = {
    "member_boundaries": [
        (1001, 2, None, None, "Europe/Paris", None, 1, None, None, T, None, None)
    ],
    "ll_notes": [(1, 501, "legacy:1002", 1002, 1001, 0, T, None)],
    "ll_note_blocks": [(1001, "legacy:1003", T)],
    "question_answers": [(1, 1, 1001, 1, "gAAAC", None, None, T, None, None)],
    "question_anonymous_bars": [(501, "id:1003", T)],
    # 0008 adds asked_for 0 and expires_at NULL after the released columns.
    "deliveries": [(*RELEASED_DELIVERY, 0, None)],
}

# How each released number maps onto per-component versions.
EXPECTED_VERSIONS = {
    0: {},
    1: {"core": 1},
    2: {"core": 2},
    3: {"core": 3},
    4: {"core": 3, "questions": 1},
    5: {"core": 3, "questions": 1, "lovelanguages": 1},
}
RELEASES = sorted(EXPECTED_VERSIONS)


def released_files() -> list[Path]:
    return sorted(RELEASED.glob("*.sql"))


def build_released(path: Path, version: int) -> None:
    """A database as the release at ``version`` left it, with a row in every table."""
    with sqlite3.connect(path, isolation_level=None) as conn:
        for number, source in enumerate(released_files()[:version], start=1):
            conn.execute("BEGIN")
            for statement in split_statements(source.read_text(encoding="utf-8")):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        for table, (sql, values) in ROWS.items():
            if table in present:
                conn.execute(sql, values)
    conn.close()


def contents(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the bookkeeping of versions."""
    with sqlite3.connect(path) as conn:
        names = [
            str(row[0])
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT IN ('schema_versions') AND name NOT LIKE 'sqlite_%'"
            )
        ]
        query = 'SELECT * FROM "{}" ORDER BY rowid'  # names from the schema, quoted
        found = {name: conn.execute(query.format(name)).fetchall() for name in names}
    conn.close()
    return found


def test_the_fixtures_are_every_released_file_and_fill_every_table(tmp_path: Path) -> None:
    assert [f.name for f in released_files()] == [
        "0001_core.sql",
        "0002_vault.sql",
        "0003_members.sql",
        "0004_questions.sql",
        "0005_love_languages.sql",
    ]
    assert len(released_files()) == LAST_SHARED_VERSION
    build_released(tmp_path / "last.db", LAST_SHARED_VERSION)
    filled = contents(tmp_path / "last.db")
    assert set(filled) == set(ROWS), "every released table needs a row in ROWS"
    assert all(len(rows) == 1 for rows in filled.values())


@pytest.mark.parametrize("version", RELEASES)
async def test_a_released_database_is_read_through_its_shared_number(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "old.db"
    build_released(path, version)
    db = await Database.open(path)
    try:
        states = await kindred_schema().state(db)
    finally:
        await db.close()
    assert {s.name: s.recorded for s in states if s.recorded} == EXPECTED_VERSIONS[version]
    with sqlite3.connect(path) as conn:  # reading changed nothing
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_versions'"
        ).fetchone() == (0,)
    conn.close()


@pytest.mark.parametrize("version", RELEASES)
async def test_every_released_database_upgrades_to_the_fresh_schema_keeping_its_rows(
    tmp_path: Path, version: int
) -> None:
    fresh = tmp_path / "fresh.db"
    await (await open_migrated(fresh)).close()
    old = tmp_path / "old.db"
    build_released(old, version)
    before = contents(old)
    assert sum(len(rows) for rows in before.values()) == len(before)  # one row per table

    await (await open_migrated(old)).close()

    assert schema_of(old) == schema_of(fresh)
    assert versions_of(old) == versions_of(fresh)
    after = contents(old)
    assert {table: after[table] for table in before} == before | {
        table: rows for table, rows in RESHAPED.items() if table in before
    }
    assert all(rows == [] for table, rows in after.items() if table not in before)


async def test_the_mapping_and_the_new_table_commit_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the mapping cannot be written, the database stays exactly as the release left it."""
    path = tmp_path / "old.db"
    build_released(path, 4)
    before = schema_of(path)
    monkeypatch.setattr(schema_module, "RECORD_VERSION", "INSERT INTO nowhere VALUES (?, ?)")
    with pytest.raises(DatabaseError, match="no such table: nowhere"):
        await open_migrated(path)
    assert schema_of(path) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    conn.close()
