"""The oracles themselves can fail: each one is shown a case it must refuse."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from bot.fakediscord.interactions import INTEGER, STRING
from tests.hostile.oracles import half_saved, pings, row_counts
from tests.hostile.test_autocomplete import valid_choice


def test_a_mention_pings_unless_allowed_mentions_forbid_it() -> None:
    assert pings({"content": "hi @everyone"}) == ["@everyone"]
    assert pings({"type": 4, "data": {"content": "<@1> and <@&2>"}}) == ["<@1>", "<@&2>"]
    assert pings({"content": "<@!1>", "allowed_mentions": {"parse": ["users"]}}) == ["<@!1>"]
    assert pings({"content": "<@1>", "allowed_mentions": {"parse": [], "users": ["1"]}}) == ["<@1>"]
    quiet: dict[str, list[str]] = {"parse": []}
    assert pings({"content": "@everyone <@1> <@&2> @here", "allowed_mentions": quiet}) == []
    assert pings({"embeds": [{"description": "@everyone"}]}) == []


def test_a_choice_discord_would_refuse_is_invalid() -> None:
    assert valid_choice({"name": "Europe/Paris", "value": "Europe/Paris"}, STRING)
    assert not valid_choice({"name": "", "value": "x"}, STRING)
    assert not valid_choice({"name": "x" * 101, "value": "x"}, STRING)
    assert not valid_choice({"name": "x", "value": "x" * 101}, STRING)
    assert valid_choice({"name": "#3", "value": 3}, INTEGER)
    assert not valid_choice({"name": "#3", "value": "3"}, INTEGER)
    assert not valid_choice({"name": "yes", "value": True}, INTEGER)
    assert not valid_choice({"name": "big", "value": 2**60}, INTEGER)


def test_half_saved_rows_are_named(tmp_path: Path) -> None:
    db_path = tmp_path / "half.db"
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        db.executescript(
            """
            CREATE TABLE question_answers (id INTEGER PRIMARY KEY, message_id INTEGER,
                                           channel_id INTEGER);
            CREATE TABLE deliveries (id INTEGER PRIMARY KEY, state TEXT, payload_sealed TEXT);
            CREATE TABLE question_posts (id INTEGER PRIMARY KEY, message_id INTEGER,
                                         occurrence_key TEXT);
            INSERT INTO question_answers VALUES (1, 10, 20), (2, NULL, NULL);
            INSERT INTO deliveries VALUES (1, 'sent', NULL), (2, 'waiting', NULL),
                                          (3, 'waiting', 'sealed');
            INSERT INTO question_posts VALUES (1, NULL, '2026-06-02'), (2, NULL, NULL);
            """
        )
        db.commit()
    found = list(half_saved(db_path))
    assert found == [
        "an answer saved without its posted message: row (2,)",
        "a letter waiting without its payload: row (2,)",
        "a question posted on demand without its message: row (2,)",
    ]


def test_row_counts_see_every_table(tmp_path: Path) -> None:
    db_path = tmp_path / "rows.db"
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        db.executescript("CREATE TABLE a (x); CREATE TABLE b (y); INSERT INTO b VALUES (1), (2);")
        db.commit()
    assert row_counts(db_path) == {"a": 0, "b": 2}
